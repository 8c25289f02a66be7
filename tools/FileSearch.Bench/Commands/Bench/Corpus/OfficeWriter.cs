using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Wordprocessing;
using Bold = DocumentFormat.OpenXml.Wordprocessing.Bold;
using Run = DocumentFormat.OpenXml.Wordprocessing.Run;
using RunProperties = DocumentFormat.OpenXml.Wordprocessing.RunProperties;

namespace FileSearch.Bench.Commands.Bench.Corpus;

/// <summary>DOCX and XLSX with the OpenXml SDK's typed API, PPTX from <see cref="SlideDeck"/>; zip entry times fixed so output is repeatable.</summary>
internal static class OfficeWriter
{
    /// <summary>The time stamped on every zip entry (2025-04-01 09:00 UTC), as the sample generator does.</summary>
    public static readonly DateTimeOffset FixedTime = new(2025, 4, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A report: a title paragraph, then one paragraph per entry.</summary>
    public static void WriteDocx(string path, string title, IEnumerable<string> paragraphs)
    {
        using (var document = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document))
        {
            // Explicit relationship ids: the generated ones are random, and the corpus must be byte-for-byte repeatable.
            var main = document.AddNewPart<MainDocumentPart>("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "rId1");
            var body = new Body(Paragraph(title, bold: true));
            foreach (var text in paragraphs)
            {
                body.AppendChild(Paragraph(text, bold: false));
            }

            main.Document = new Document(body);
        }

        FixEntryTimes(path);
    }

    /// <summary>A sheet: a header row, then rows of text and numbers (text through the shared string table, as Excel writes it).</summary>
    public static void WriteXlsx(string path, string sheetName, IReadOnlyList<string> header, IEnumerable<(string Label, IReadOnlyList<double> Values)> rows)
    {
        using (var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rId1");
            workbook.Workbook = new Workbook();
            var strings = new List<string>();
            var data = new SheetData(Row(1, header.Select(h => SharedString(h, strings))));
            var number = 2u;
            foreach (var (label, values) in rows)
            {
                data.AppendChild(Row(number++, values.Select(v => new Cell { CellValue = new CellValue(v), DataType = CellValues.Number })
                    .Prepend(SharedString(label, strings))));
            }

            var sheet = workbook.AddNewPart<WorksheetPart>("rId1");
            sheet.Worksheet = new Worksheet(data);
            var table = workbook.AddNewPart<SharedStringTablePart>("rId2");
            table.SharedStringTable = new SharedStringTable(strings.Select(s => new SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text(s))));
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = sheetName }));
        }

        FixEntryTimes(path);
    }

    /// <summary>A presentation: one slide per (title, bullet lines).</summary>
    public static void WritePptx(string path, IReadOnlyList<(string Title, IReadOnlyList<string> Lines)> slides)
    {
        SlideDeck.Write(path, slides);
        FixEntryTimes(path);
    }

    private static Paragraph Paragraph(string text, bool bold)
    {
        var properties = new RunProperties(new RunFonts { EastAsia = "Noto Sans CJK JP" }, new Languages { EastAsia = "ja-JP" });
        if (bold)
        {
            properties.AppendChild(new Bold());
        }

        return new Paragraph(new Run(properties, new DocumentFormat.OpenXml.Wordprocessing.Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    private static Row Row(uint index, IEnumerable<Cell> cells) => new(cells) { RowIndex = index };

    private static Cell SharedString(string text, List<string> strings)
    {
        var index = strings.IndexOf(text);
        if (index < 0)
        {
            strings.Add(text);
            index = strings.Count - 1;
        }

        return new Cell { CellValue = new CellValue(index), DataType = CellValues.SharedString };
    }

    private static void FixEntryTimes(string path)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        foreach (var entry in zip.Entries)
        {
            entry.LastWriteTime = FixedTime;
        }
    }
}
