using System.Globalization;
using System.Text;
using FileSearch.Core.Ports;
using NPOI.HSSF.UserModel;
using NPOI.SS.UserModel;

namespace FileSearch.Extraction.Internals;

/// <summary>
/// Excel 97-2003 text with NPOI's HSSF reader, laid out like <see cref="XlsxReader"/>: one page per sheet, its name,
/// then one line per row with its non-empty cells tab-separated. Strings are Unicode in BIFF8, so Japanese needs no
/// code page. Numbers are written invariantly, dates as ISO dates, formulas as their cached result.
/// </summary>
internal static class XlsReader
{
    public static ExtractionResult Read(Stream stream, TextBudget budget, CancellationToken cancellationToken)
    {
        var workbook = new HSSFWorkbook(stream);
        try
        {
            var pages = new List<PageText>(workbook.NumberOfSheets);
            for (var i = 0; i < workbook.NumberOfSheets && !budget.Truncated; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sheet = workbook.GetSheetAt(i);
                var page = new StringBuilder();
                budget.Append(page, workbook.GetSheetName(i));
                budget.Append(page, '\n');
                AppendRows(sheet, page, budget, cancellationToken);
                pages.Add(new PageText(pages.Count + 1, page.ToString().TrimEnd()));
            }

            return new ExtractionResult(PageTexts.Join(pages), "npoi-hssf", pages.Count, Pages: pages, Properties: PageTexts.Properties(budget));
        }
        finally
        {
            workbook.Close();
        }
    }

    private static void AppendRows(ISheet sheet, StringBuilder page, TextBudget budget, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var rows = 0;
        foreach (IRow row in sheet)
        {
            if (++rows % 1024 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            line.Clear();
            foreach (var cell in row.Cells)
            {
                var value = CellText(cell, cell.CellType);
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

    private static string CellText(ICell cell, CellType type) => type switch
    {
        CellType.String => cell.StringCellValue ?? string.Empty,
        CellType.Numeric when DateUtil.IsCellDateFormatted(cell) => cell.DateCellValue.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        CellType.Numeric => cell.NumericCellValue.ToString("R", CultureInfo.InvariantCulture),
        CellType.Boolean => cell.BooleanCellValue ? "TRUE" : "FALSE",
        CellType.Formula => CellText(cell, cell.CachedFormulaResultType),
        _ => string.Empty, // blank, error
    };
}
