using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace FileSearch.Extraction.Internals;

/// <summary>
/// The readable text of an HTML document with AngleSharp's HTML5 parser (entities decoded as browsers do): scripts,
/// styles, templates and other non-rendered elements dropped, a line break around block elements, a tab between
/// table cells, white space collapsed as rendered (kept inside <c>pre</c>).
/// </summary>
internal static class HtmlText
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "canvas",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "thead", "tbody", "tfoot", "caption",
        "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "nav", "aside", "main",
        "blockquote", "pre", "hr", "address", "figure", "figcaption", "form", "fieldset", "legend", "title", "body",
    };

    /// <summary>Returns the text and the document's title (null when it has none).</summary>
    public static (string Text, string? Title) Convert(string html, TextBudget budget, CancellationToken cancellationToken)
    {
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        using var document = parser.ParseDocument(html);
        var sb = new StringBuilder();
        if (document.Body is { } body)
        {
            Append(body, sb, budget, preformatted: false, cancellationToken);
        }

        var title = document.Title?.Trim();
        return (Tidy(sb), string.IsNullOrEmpty(title) ? null : title);
    }

    private static void Append(INode node, StringBuilder sb, TextBudget budget, bool preformatted, CancellationToken cancellationToken)
    {
        foreach (var child in node.ChildNodes)
        {
            if (budget.Truncated)
            {
                return;
            }

            if (child is IText text)
            {
                AppendText(text.Data, sb, budget, preformatted);
            }
            else if (child is IElement element && !Skipped.Contains(element.LocalName))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = element.LocalName;
                var block = Blocks.Contains(name);
                if (block)
                {
                    budget.Append(sb, '\n');
                }

                Append(element, sb, budget, preformatted || name == "pre" || name == "textarea", cancellationToken);
                if (name is "td" or "th")
                {
                    budget.Append(sb, '\t');
                }
                else if (block)
                {
                    budget.Append(sb, '\n');
                }
            }
        }
    }

    private static void AppendText(string data, StringBuilder sb, TextBudget budget, bool preformatted)
    {
        if (preformatted)
        {
            budget.Append(sb, data);
            return;
        }

        var collapsed = new StringBuilder(data.Length);
        var space = false;
        foreach (var c in data)
        {
            if (c is ' ' or '\t' or '\n' or '\r' or '\f')
            {
                space = true;
                continue;
            }

            if (space && (collapsed.Length > 0 || (sb.Length > 0 && sb[^1] is not ('\n' or '\t' or ' '))))
            {
                collapsed.Append(' ');
            }

            space = false;
            collapsed.Append(c);
        }

        if (space && collapsed.Length > 0)
        {
            collapsed.Append(' ');
        }

        budget.Append(sb, collapsed.ToString());
    }

    /// <summary>Trims every line and drops empty ones (nested blocks would otherwise leave runs of them).</summary>
    private static string Tidy(StringBuilder sb)
    {
        var result = new StringBuilder(sb.Length);
        foreach (var raw in sb.ToString().Split('\n'))
        {
            var line = raw.Trim(' ').TrimEnd('\t');
            if (line.Length > 0)
            {
                result.Append(result.Length > 0 ? "\n" : string.Empty).Append(line);
            }
        }

        return result.ToString();
    }
}
