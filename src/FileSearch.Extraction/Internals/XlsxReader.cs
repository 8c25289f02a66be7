using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FileSearch.Core.Ports;

namespace FileSearch.Extraction.Internals;

/// <summary>
/// XLSX text, one page per sheet: the sheet's name, then one line per row with its non-empty cells
/// tab-separated. Cells give their shared or inline string, number, boolean or cached formula
/// value (dates stay serial numbers). Every part is streamed, never loaded whole.
/// </summary>
internal static class XlsxReader
{
    public static ExtractionResult Read(SpreadsheetDocument document, TextBudget budget, CancellationToken cancellationToken)
    {
        var workbook = OpenXmlStreaming.RequireRoot<WorkbookPart, Workbook>(document.WorkbookPart);
        var shared = ReadSharedStrings(workbook.SharedStringTablePart, cancellationToken);
        var sheets = OpenXmlStreaming.Elements<Sheet>(workbook).ToList();
        var pages = new List<PageText>(sheets.Count);
        foreach (var sheet in sheets)
        {
            if (budget.Truncated)
            {
                break;
            }

            var page = new StringBuilder();
            budget.Append(page, sheet.Name?.Value ?? $"Sheet{pages.Count + 1}");
            budget.Append(page, '\n');
            if (sheet.Id?.Value is { } id && workbook.TryGetPartById(id, out var part) && part is WorksheetPart worksheet)
            {
                AppendRows(worksheet, shared, page, budget, cancellationToken);
            }

            pages.Add(new PageText(pages.Count + 1, page.ToString().TrimEnd()));
        }

        return new ExtractionResult(PageTexts.Join(pages), "openxml", sheets.Count, Pages: pages, Properties: PageTexts.Properties(budget));
    }

    private static List<string> ReadSharedStrings(SharedStringTablePart? part, CancellationToken cancellationToken)
    {
        var strings = new List<string>();
        foreach (var item in OpenXmlStreaming.Elements<SharedStringItem>(part))
        {
            if (strings.Count % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            strings.Add(RichText(item));
        }

        return strings;
    }

    private static void AppendRows(WorksheetPart worksheet, List<string> shared, StringBuilder page, TextBudget budget, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var rows = 0;
        foreach (var row in OpenXmlStreaming.Elements<Row>(worksheet))
        {
            if (++rows % 1024 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            line.Clear();
            foreach (var cell in row.Elements<Cell>())
            {
                var value = CellText(cell, shared);
                if (value.Length > 0)
                {
                    line.Append(line.Length > 0 ? "\t" : string.Empty).Append(value);
                }
            }

            if (line.Length > 0 && !(budget.Append(page, line.ToString()) && budget.Append(page, '\n')))
            {
                return;
            }
        }
    }

    private static string CellText(Cell cell, List<string> shared)
    {
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString)
        {
            return cell.InlineString is { } inline ? RichText(inline) : string.Empty;
        }

        var raw = cell.CellValue?.Text ?? string.Empty;
        if (raw.Length == 0)
        {
            return raw;
        }

        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < shared.Count
                ? shared[index]
                : string.Empty;
        }

        if (type == CellValues.Boolean)
        {
            return raw == "1" ? "TRUE" : "FALSE";
        }

        return raw; // numbers, cached formula results, errors
    }

    /// <summary>Plain or rich text, without phonetic guides (furigana runs would repeat the reading).</summary>
    private static string RichText(OpenXmlElement item)
    {
        if (item.GetFirstChild<Text>() is { } plain)
        {
            return plain.Text;
        }

        var sb = new StringBuilder();
        foreach (var run in item.Elements<Run>())
        {
            sb.Append(run.Text?.Text);
        }

        return sb.ToString();
    }
}
