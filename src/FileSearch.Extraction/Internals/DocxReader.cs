using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using FileSearch.Core.Ports;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace FileSearch.Extraction.Internals;

/// <summary>
/// DOCX text: body paragraphs and tables (one line per row, cells tab-separated) in document order,
/// then headers, footers, footnotes and endnotes. Deleted revisions (w:delText) are not text and are
/// skipped. Parts are streamed, never loaded whole.
/// </summary>
internal static class DocxReader
{
    public static ExtractionResult Read(WordprocessingDocument document, TextBudget budget, CancellationToken cancellationToken)
    {
        var main = OpenXmlStreaming.RequireRoot<MainDocumentPart, W.Document>(document.MainDocumentPart);
        var sb = new StringBuilder();
        AppendBlocks(main, sb, budget, cancellationToken);

        // Every section may repeat the same header or footer: keep each distinct text once.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<OpenXmlPart?> extras = [.. main.HeaderParts, .. main.FooterParts, main.FootnotesPart, main.EndnotesPart];
        foreach (var extra in extras)
        {
            var part = new StringBuilder();
            AppendBlocks(extra, part, budget, cancellationToken);
            if (part.Length > 0 && seen.Add(part.ToString()))
            {
                sb.Append('\n').Append(part);
            }
        }

        var text = sb.ToString().TrimEnd();
        return new ExtractionResult(text, "openxml", DeclaredPageCount(document), Properties: PageTexts.Properties(budget));
    }

    /// <summary>Word stores the page count it last laid out in docProps/app.xml; nothing else knows it.</summary>
    private static int? DeclaredPageCount(WordprocessingDocument document) =>
        OpenXmlStreaming.Elements<DocumentFormat.OpenXml.ExtendedProperties.Pages>(document.ExtendedFilePropertiesPart).FirstOrDefault()?.Text is { } text
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pages) && pages > 0
            ? pages
            : null;

    /// <summary>
    /// Paragraphs and tables of a part, streamed one block at a time; blocks inside content controls
    /// and custom XML are found too, paragraphs inside a table stay part of their row.
    /// </summary>
    private static void AppendBlocks(OpenXmlPart? part, StringBuilder sb, TextBudget budget, CancellationToken cancellationToken)
    {
        foreach (var block in OpenXmlStreaming.Elements(part, typeof(W.Paragraph), typeof(W.Table)))
        {
            if (budget.Truncated)
            {
                return;
            }

            if (block is W.Table table)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var row in table.Elements<W.TableRow>())
                {
                    var cells = row.Elements<W.TableCell>().Select(CellText);
                    AppendLine(sb, string.Join('\t', cells).TrimEnd('\t'), budget);
                }
            }
            else
            {
                AppendLine(sb, ParagraphText((W.Paragraph)block), budget);
            }
        }
    }

    private static void AppendLine(StringBuilder sb, string line, TextBudget budget)
    {
        if (line.Length > 0 && budget.Append(sb, line))
        {
            budget.Append(sb, '\n');
        }
    }

    private static string CellText(W.TableCell cell) =>
        string.Join(' ', cell.Descendants<W.Paragraph>().Select(ParagraphText).Where(t => t.Length > 0));

    private static string ParagraphText(W.Paragraph paragraph)
    {
        var sb = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case W.Text text:
                    sb.Append(text.Text);
                    break;
                case W.TabChar:
                    sb.Append('\t');
                    break;
                case W.Break or W.CarriageReturn:
                    sb.Append('\n');
                    break;
                case W.NoBreakHyphen:
                    sb.Append('-');
                    break;
            }
        }

        return sb.ToString();
    }
}
