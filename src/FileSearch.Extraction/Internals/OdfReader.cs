using System.IO.Compression;
using System.Text;
using System.Xml;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Extraction.Internals;

/// <summary>
/// OpenDocument text (ODF 1.2 part 1) from <c>content.xml</c>, streamed: paragraphs and headings one a line, tabs,
/// spaces (<c>text:s</c>) and line breaks as written, table cells tab-separated and rows one a line, tracked deletions
/// left out. Spreadsheets give one page per sheet (its name first), presentations one page per slide with the speaker
/// notes after a blank line. For text documents, the page headers and footers of <c>styles.xml</c> follow the body.
/// </summary>
internal static class OdfReader
{
    private const string TextNs = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    private const string TableNs = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    private const string DrawNs = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";
    private const string PresentationNs = "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0";
    private const string StyleNs = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";

    public static ExtractionResult Read(ZipArchive archive, FileKind kind, TextBudget budget, CancellationToken cancellationToken)
    {
        var content = archive.GetEntry("content.xml") ?? throw new InvalidDataException("the package has no content.xml");
        var pages = new List<PageText>();
        var current = new StringBuilder();
        using (var stream = content.Open())
        using (var reader = XmlReader.Create(stream, Settings()))
        {
            Walk(reader, kind, current, pages, budget, headerFooterOnly: false, cancellationToken);
        }

        if (kind == FileKind.Odt)
        {
            if (archive.GetEntry("styles.xml") is { } styles)
            {
                var extra = new StringBuilder();
                using var stream = styles.Open();
                using var reader = XmlReader.Create(stream, Settings());
                Walk(reader, kind, extra, pages, budget, headerFooterOnly: true, cancellationToken);
                if (extra.Length > 0)
                {
                    current.Append('\n').Append(extra);
                }
            }

            return new ExtractionResult(current.ToString().Trim(), "odf", Properties: PageTexts.Properties(budget));
        }

        return new ExtractionResult(PageTexts.Join(pages), "odf", pages.Count, Pages: pages, Properties: PageTexts.Properties(budget));
    }

    // White space between elements is indentation; inside paragraphs ODF writes spaces as text or text:s.
    private static XmlReaderSettings Settings() => new()
    {
        IgnoreWhitespace = true,
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    private static void Walk(
        XmlReader reader, FileKind kind, StringBuilder current, List<PageText> pages, TextBudget budget, bool headerFooterOnly,
        CancellationToken cancellationToken)
    {
        var skipDepth = -1;
        var keepDepth = headerFooterOnly ? -1 : 0;
        var nodes = 0;
        while (reader.Read() && !budget.Truncated)
        {
            if (++nodes % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (skipDepth >= 0)
            {
                if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == skipDepth)
                {
                    skipDepth = -1;
                }

                continue;
            }

            if (headerFooterOnly && keepDepth < 0)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == StyleNs && reader.LocalName.StartsWith("header", StringComparison.Ordinal)
                    || reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == StyleNs && reader.LocalName.StartsWith("footer", StringComparison.Ordinal))
                {
                    keepDepth = reader.IsEmptyElement ? -1 : reader.Depth;
                }

                continue;
            }

            if (reader.NodeType == XmlNodeType.Element)
            {
                if (IsSkipped(reader))
                {
                    if (!reader.IsEmptyElement)
                    {
                        skipDepth = reader.Depth;
                    }

                    continue;
                }

                StartElement(reader, kind, current, pages, budget);
            }
            else if (reader.NodeType == XmlNodeType.EndElement)
            {
                if (headerFooterOnly && reader.Depth == keepDepth)
                {
                    keepDepth = -1;
                }

                EndElement(reader, kind, current, pages, budget);
            }
            else if (reader.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace)
            {
                budget.Append(current, reader.Value);
            }
        }

        if (kind != FileKind.Odt && !headerFooterOnly && current.Length > 0)
        {
            pages.Add(new PageText(pages.Count + 1, current.ToString().TrimEnd()));
            current.Clear();
        }
    }

    private static bool IsSkipped(XmlReader reader) =>
        reader.NamespaceURI == TextNs && reader.LocalName is "tracked-changes" or "sequence-decls" or "variable-decls" or "user-field-decls"
        || reader.LocalName == "forms";

    private static void StartElement(XmlReader reader, FileKind kind, StringBuilder current, List<PageText> pages, TextBudget budget)
    {
        var ns = reader.NamespaceURI;
        var name = reader.LocalName;
        if (ns == TextNs)
        {
            switch (name)
            {
                case "tab":
                    budget.Append(current, '\t');
                    break;
                case "s":
                    var count = int.TryParse(reader.GetAttribute("c", TextNs), out var c) ? Math.Clamp(c, 1, 64) : 1;
                    budget.Append(current, new string(' ', count));
                    break;
                case "line-break":
                    budget.Append(current, '\n');
                    break;
            }
        }
        else if (kind == FileKind.Ods && ns == TableNs && name == "table" || kind == FileKind.Odp && ns == DrawNs && name == "page")
        {
            NewPage(current, pages);
            if (kind == FileKind.Ods && reader.GetAttribute("name", TableNs) is { Length: > 0 } sheet)
            {
                budget.Append(current, sheet);
                budget.Append(current, '\n');
            }
        }
        else if (kind == FileKind.Odp && ns == PresentationNs && name == "notes" && !reader.IsEmptyElement)
        {
            budget.Append(current, '\n');
        }

        if (reader.IsEmptyElement)
        {
            EndElement(reader, kind, current, pages, budget);
        }
    }

    private static void EndElement(XmlReader reader, FileKind kind, StringBuilder current, List<PageText> pages, TextBudget budget)
    {
        var ns = reader.NamespaceURI;
        var name = reader.LocalName;
        if (ns == TextNs && name is "p" or "h")
        {
            budget.Append(current, '\n'); // in a table cell, the cell's tab replaces it
        }
        else if (ns == TableNs && name == "table-cell")
        {
            TrimEndSpaces(current);
            budget.Append(current, '\t');
        }
        else if (ns == TableNs && name == "table-row")
        {
            TrimEndTabs(current);
            budget.Append(current, '\n');
        }
        else if (kind == FileKind.Odp && ns == DrawNs && name == "page" || kind == FileKind.Ods && ns == TableNs && name == "table")
        {
            NewPage(current, pages);
        }
    }

    private static void NewPage(StringBuilder current, List<PageText> pages)
    {
        var text = current.ToString().Trim();
        current.Clear();
        if (text.Length > 0)
        {
            pages.Add(new PageText(pages.Count + 1, text));
        }
    }

    private static void TrimEndSpaces(StringBuilder sb)
    {
        while (sb.Length > 0 && sb[^1] is ' ' or '\n')
        {
            sb.Length--;
        }
    }

    private static void TrimEndTabs(StringBuilder sb)
    {
        while (sb.Length > 0 && sb[^1] is '\t' or ' ' or '\n')
        {
            sb.Length--;
        }
    }
}
