using System.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FileSearch.Core.Domain;
using FileSearch.Extraction;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UglyToad.PdfPig;

namespace FileSearch.Benchmarks;

/// <summary>
/// Text extraction per format from samples/, each against the obvious alternative: poppler's <c>pdftotext</c>
/// process and PdfPig's plain page text for PDF, the OpenXML SDK's DOM (whole part loaded) for DOCX and XLSX,
/// and decoding with the encoding known in advance for Shift_JIS text (ours has to detect it).
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ExtractionBenchmarks
{
    private static readonly IOptions<ExtractionOptions> Defaults = Options.Create(new ExtractionOptions());
    private readonly PdfTextExtractor _pdf = new(Defaults, NullLogger<PdfTextExtractor>.Instance);
    private readonly OpenXmlTextExtractor _openXml = new(Defaults, NullLogger<OpenXmlTextExtractor>.Instance);
    private readonly PlainTextExtractor _plain = new(Defaults, NullLogger<PlainTextExtractor>.Instance);
    private Encoding _shiftJis = Encoding.UTF8;

    [GlobalSetup]
    public void Setup()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        _shiftJis = Encoding.GetEncoding(932);
    }

    [Benchmark(Baseline = true, Description = "pdftotext process")]
    [BenchmarkCategory("pdf")]
    public async Task<int> PdfToText()
    {
        var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Samples.Pdf);
        start.ArgumentList.Add("-");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftotext did not start (apt-get install poppler-utils)");
        var text = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        return text.Length;
    }

    [Benchmark(Description = "PdfPig page.Text")]
    [BenchmarkCategory("pdf")]
    public int PdfPig()
    {
        using var document = PdfDocument.Open(Samples.Pdf);
        return document.GetPages().Sum(page => page.Text.Length);
    }

    [Benchmark(Description = "PdfTextExtractor")]
    [BenchmarkCategory("pdf")]
    public async Task<int> PdfOurs() => (await _pdf.ExtractAsync(Samples.Pdf, FileKind.Pdf, CancellationToken.None).ConfigureAwait(false)).Text.Length;

    [Benchmark(Baseline = true, Description = "OpenXML DOM InnerText")]
    [BenchmarkCategory("docx")]
    public int DocxDom()
    {
        using var document = WordprocessingDocument.Open(Samples.Docx, isEditable: false);
        return document.MainDocumentPart?.Document?.Body?.InnerText.Length ?? 0;
    }

    [Benchmark(Description = "OpenXmlTextExtractor")]
    [BenchmarkCategory("docx")]
    public async Task<int> DocxOurs() => (await _openXml.ExtractAsync(Samples.Docx, FileKind.Docx, CancellationToken.None).ConfigureAwait(false)).Text.Length;

    [Benchmark(Baseline = true, Description = "OpenXML DOM cells")]
    [BenchmarkCategory("xlsx")]
    public int XlsxDom()
    {
        using var document = SpreadsheetDocument.Open(Samples.Xlsx, isEditable: false);
        var workbook = document.WorkbookPart!;
        var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var length = 0;
        foreach (var sheet in workbook.WorksheetParts)
        {
            foreach (var cell in sheet.Worksheet!.Descendants<Cell>())
            {
                var value = cell.CellValue?.Text ?? string.Empty;
                length += cell.DataType?.Value == CellValues.SharedString && int.TryParse(value, out var i) ? shared[i].Length : value.Length;
            }
        }

        return length;
    }

    [Benchmark(Description = "OpenXmlTextExtractor")]
    [BenchmarkCategory("xlsx")]
    public async Task<int> XlsxOurs() => (await _openXml.ExtractAsync(Samples.Xlsx, FileKind.Xlsx, CancellationToken.None).ConfigureAwait(false)).Text.Length;

    [Benchmark(Baseline = true, Description = "ReadAllText(CP932 known)")]
    [BenchmarkCategory("sjis")]
    public async Task<int> ShiftJisKnownEncoding() => (await File.ReadAllTextAsync(Samples.ShiftJisText, _shiftJis).ConfigureAwait(false)).Length;

    [Benchmark(Description = "PlainTextExtractor (detects)")]
    [BenchmarkCategory("sjis")]
    public async Task<int> ShiftJisOurs() => (await _plain.ExtractAsync(Samples.ShiftJisText, FileKind.Text, CancellationToken.None).ConfigureAwait(false)).Text.Length;
}
