using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FileSearch.Core.Domain;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace FileSearch.Extraction.Tests;

/// <summary>Builds small Office files with Japanese content through the Open XML SDK.</summary>
internal static class OfficeFiles
{
    public static void Create(FileKind kind, string path)
    {
        switch (kind)
        {
            case FileKind.Docx:
                CreateDocx(path);
                break;
            case FileKind.Xlsx:
                CreateXlsx(path);
                break;
            case FileKind.Pptx:
                CreatePptx(path);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    public static void CreateDocx(string path, int extraParagraphs = 0)
    {
        using var document = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document);
        var main = document.AddMainDocumentPart();
        var header = main.AddNewPart<HeaderPart>();
        header.Header = new W.Header(Paragraph("社外秘"));
        var footer = main.AddNewPart<FooterPart>();
        footer.Footer = new W.Footer(Paragraph("東京データ株式会社"));
        var table = new W.Table(
            new W.TableRow(Cell("品目"), Cell("数量"), Cell("金額")),
            new W.TableRow(Cell("検索サーバー"), Cell("2"), Cell("1,200,000円")));
        var body = new W.Body(
            Paragraph("業務委託契約書"),
            new W.Paragraph(new W.Run(new W.Text("第1条"), new W.TabChar(), new W.Text("目的"), new W.NoBreakHyphen(), new W.Text("範囲"))),
            new W.Paragraph(new W.Run(new W.Text("甲は乙に委託する。"), new W.Break(), new W.Text("乙はこれを受託する。"))),
            new W.Paragraph(new W.Run(new W.DeletedText("削除された文"))),
            table,
            new W.SdtBlock(new W.SdtContentBlock(Paragraph("コンテンツコントロール内の段落"))));
        for (var i = 0; i < extraParagraphs; i++)
        {
            body.Append(Paragraph($"追加の段落{i}。本文のテキストです。"));
        }

        body.Append(new W.SectionProperties(
            new W.HeaderReference { Type = W.HeaderFooterValues.Default, Id = main.GetIdOfPart(header) },
            new W.FooterReference { Type = W.HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) }));
        main.Document = new W.Document(body);
        var app = document.AddExtendedFilePropertiesPart();
        app.Properties = new DocumentFormat.OpenXml.ExtendedProperties.Properties(
            new DocumentFormat.OpenXml.ExtendedProperties.Pages("2"));
    }

    public static void CreateXlsx(string path, int extraRows = 0)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        var shared = workbook.AddNewPart<SharedStringTablePart>();
        shared.SharedStringTable = new SharedStringTable(
            new SharedStringItem(new Text("商品名")),
            new SharedStringItem(new Text("売上高")),
            new SharedStringItem(new Run(new Text("東京")), new Run(new Text("本社")), new PhoneticRun(new Text("トウキョウホンシャ")) { BaseTextStartIndex = 0, EndingBaseIndex = 4 }),
            new SharedStringItem(new Text("交通費")));

        var sales = new SheetData(
            new Row(SharedCell("A1", 0), SharedCell("B1", 1)),
            new Row(SharedCell("A2", 2), NumberCell("B2", "1250000")),
            new Row(InlineCell("A3", "大阪支店"), NumberCell("B3", "980000.5")),
            new Row(InlineCell("A4", "合計"), new Cell { CellReference = "B4", CellFormula = new CellFormula("SUM(B2:B3)"), CellValue = new CellValue("2230000.5") }),
            new Row(InlineCell("A5", "達成"), new Cell { CellReference = "B5", DataType = CellValues.Boolean, CellValue = new CellValue("1") }),
            new Row(new Cell { CellReference = "A6" }));
        for (var i = 0; i < extraRows; i++)
        {
            sales.Append(new Row(InlineCell($"A{i + 7}", $"明細行{i}"), NumberCell($"B{i + 7}", "100")));
        }

        var expenses = new SheetData(
            new Row(SharedCell("A1", 3), NumberCell("C1", "4200")),
            new Row(new Cell { CellReference = "A2", DataType = CellValues.String, CellFormula = new CellFormula("\"出張\"&\"費\""), CellValue = new CellValue("出張費") }));

        var salesPart = workbook.AddNewPart<WorksheetPart>();
        salesPart.Worksheet = new Worksheet(sales);
        var expensesPart = workbook.AddNewPart<WorksheetPart>();
        expensesPart.Worksheet = new Worksheet(expenses);
        workbook.Workbook = new Workbook(new Sheets(
            new Sheet { Name = "売上", SheetId = 1, Id = workbook.GetIdOfPart(salesPart) },
            new Sheet { Name = "経費", SheetId = 2, Id = workbook.GetIdOfPart(expensesPart) }));
    }

    public static void CreatePptx(string path)
    {
        using var document = PresentationDocument.Create(path, PresentationDocumentType.Presentation);
        var presentation = document.AddPresentationPart();
        var slide1 = AddSlide(presentation, "新製品発表", "クラウド検索サービスの概要\n導入事例のご紹介");
        var notes = slide1.AddNewPart<NotesSlidePart>();
        notes.NotesSlide = new P.NotesSlide(new P.CommonSlideData(ShapeTree(
            Shape(2, P.PlaceholderValues.SlideImage, "スライド画像"),
            Shape(3, P.PlaceholderValues.Body, "発表者メモ：価格は来週決定。"),
            Shape(4, P.PlaceholderValues.SlideNumber, "1"))));
        var slide2 = AddSlide(presentation, "今後の予定", "四月に提供開始");
        presentation.Presentation = new P.Presentation(
            new P.SlideIdList(
                new P.SlideId { Id = 256U, RelationshipId = presentation.GetIdOfPart(slide1) },
                new P.SlideId { Id = 257U, RelationshipId = presentation.GetIdOfPart(slide2) }),
            new P.SlideSize { Cx = 9144000, Cy = 6858000 },
            new P.NotesSize { Cx = 6858000, Cy = 9144000 });
    }

    /// <summary>Writes a plain ZIP (no Office parts) with the given entries.</summary>
    public static void CreateZip(string path, params (string Name, byte[] Content)[] entries)
    {
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, content) in entries)
        {
            using var stream = archive.CreateEntry(name).Open();
            stream.Write(content);
        }
    }

    /// <summary>Adds an entry of <paramref name="size"/> zero bytes: a few KiB compressed, a bomb uncompressed.</summary>
    public static void AddZeroEntry(string path, string name, long size)
    {
        using var archive = ZipFile.Open(path, ZipArchiveMode.Update);
        using var stream = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
        var zeros = new byte[1024 * 1024];
        for (long written = 0; written < size; written += zeros.Length)
        {
            stream.Write(zeros, 0, (int)Math.Min(zeros.Length, size - written));
        }
    }

    private static SlidePart AddSlide(PresentationPart presentation, string title, string body)
    {
        var slide = presentation.AddNewPart<SlidePart>();
        var lines = body.Split('\n');
        var paragraph = new A.Paragraph(new A.Run(new A.Text(lines[0])));
        foreach (var line in lines.Skip(1))
        {
            paragraph.Append(new A.Break(), new A.Run(new A.Text(line)));
        }

        var bodyShape = new P.Shape(
            new P.NonVisualShapeProperties(
                new P.NonVisualDrawingProperties { Id = 3U, Name = "Body" },
                new P.NonVisualShapeDrawingProperties(),
                new P.ApplicationNonVisualDrawingProperties()),
            new P.ShapeProperties(),
            new P.TextBody(new A.BodyProperties(), paragraph));
        slide.Slide = new P.Slide(new P.CommonSlideData(ShapeTree(
            Shape(2, P.PlaceholderValues.Title, title),
            bodyShape)));
        return slide;
    }

    private static P.ShapeTree ShapeTree(params P.Shape[] shapes)
    {
        var tree = new P.ShapeTree(
            new P.NonVisualGroupShapeProperties(
                new P.NonVisualDrawingProperties { Id = 1U, Name = string.Empty },
                new P.NonVisualGroupShapeDrawingProperties(),
                new P.ApplicationNonVisualDrawingProperties()),
            new P.GroupShapeProperties(new A.TransformGroup()));
        tree.Append(shapes);
        return tree;
    }

    private static P.Shape Shape(uint id, P.PlaceholderValues placeholder, string text) => new(
        new P.NonVisualShapeProperties(
            new P.NonVisualDrawingProperties { Id = id, Name = $"Shape {id}" },
            new P.NonVisualShapeDrawingProperties(),
            new P.ApplicationNonVisualDrawingProperties(new P.PlaceholderShape { Type = placeholder })),
        new P.ShapeProperties(),
        new P.TextBody(new A.BodyProperties(), new A.Paragraph(new A.Run(new A.Text(text)))));

    private static W.Paragraph Paragraph(string text) => new(new W.Run(new W.Text(text)));

    private static W.TableCell Cell(string text) => new(Paragraph(text));

    private static Cell SharedCell(string reference, int index) =>
        new() { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture)) };

    private static Cell NumberCell(string reference, string value) =>
        new() { CellReference = reference, CellValue = new CellValue(value) };

    private static Cell InlineCell(string reference, string text) =>
        new() { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)) };
}
