using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Extraction;
using FileSearch.Testing.Images;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Ocr.Tesseract.Tests;

[Trait("Category", "Integration")]
public sealed class ScannedPdfTextExtractorTests(TesseractFixture fixture) : IClassFixture<TesseractFixture>
{
    private static readonly string[] Words =
    [
        "契約", "売上", "請求書", "見積書", "納品書", "取引先", "会議", "報告", "予算", "決算",
        "監査", "人事", "研修", "出張", "経費", "在庫", "発注", "品質", "安全", "保守",
    ];

    [Fact]
    public async Task ExtractAsync_TwentyPageScan_EveryPageOcrdAndSearchable()
    {
        var path = ScanPdf.Save(fixture.Temp.Combine("scan20.pdf"), [.. Words.Select(w => ScanPdf.Scan($"{w}について確認しました。"))]);

        var result = await CreateSut().ExtractAsync(path, FileKind.Pdf, CancellationToken.None);

        Assert.Equal(ScannedPdfTextExtractor.OcrMethod, result.Method);
        Assert.Equal(20, result.PageCount);
        Assert.All(Words, w => Assert.True(result.Text.Contains(w, StringComparison.Ordinal), $"{w} not in {result.Text}"));
        Assert.All(result.Pages!, p => Assert.NotNull(p.OcrConfidence));
        Assert.Equal("20", result.Properties!["ocrPages"]);
        Assert.Equal("0", result.Properties["ocrPagesNotRecognized"]);
        Assert.False(result.Properties.ContainsKey("ocrIncomplete"));
        Assert.True(result.OcrConfidence > 70, $"confidence {result.OcrConfidence}");
        Assert.Single(Directory.GetFiles(fixture.Temp.Path, "scan20.pdf", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetDirectories(fixture.Temp.Path, "ocr-*"));
    }

    [Fact]
    public async Task ExtractAsync_MixedPdf_OnlyScannedPagesOcrd()
    {
        var path = ScanPdf.Save(fixture.Temp.Combine("mixed.pdf"),
            ScanPdf.Text("The quarterly sales report was approved."),
            ScanPdf.Scan("見積書の有効期限は三十日です。"),
            ScanPdf.Text("Delivery schedule for the warehouse."),
            ScanPdf.Scan("領収書を同封いたします。"));

        var result = await CreateSut().ExtractAsync(path, FileKind.Pdf, CancellationToken.None);

        Assert.Equal(ScannedPdfTextExtractor.MixedMethod, result.Method);
        Assert.Equal("2", result.Properties!["ocrPages"]);
        Assert.Contains("quarterly sales report", result.Text, StringComparison.Ordinal);
        Assert.Contains("見積書", result.Text, StringComparison.Ordinal);
        Assert.Contains("領収書", result.Text, StringComparison.Ordinal);
        Assert.Null(result.Pages![0].OcrConfidence);
        Assert.NotNull(result.Pages[1].OcrConfidence);
        Assert.Equal([2, 4], result.Ocr!.Pages.Select(p => p.Number));
        Assert.False(result.Ocr.Incomplete);
    }

    [Fact]
    public async Task ExtractAsync_CidGarbageLayer_PageOcrdInstead()
    {
        var path = ScanPdf.Save(fixture.Temp.Combine("cid.pdf"), ScanPdf.Text("(cid:12)(cid:34)(cid:56)(cid:78)(cid:90)(cid:11)(cid:22)"));

        var result = await CreateSut().ExtractAsync(path, FileKind.Pdf, CancellationToken.None);

        Assert.Equal(ScannedPdfTextExtractor.OcrMethod, result.Method);
        Assert.Equal("1", result.Properties!["ocrPages"]);
        Assert.NotNull(Assert.Single(result.Pages!).OcrConfidence);
    }

    [Fact]
    public async Task ExtractAsync_TextLayerOnly_TextLayerResultUnchanged()
    {
        var path = ScanPdf.Save(fixture.Temp.Combine("text.pdf"), ScanPdf.Text("The quarterly sales report was approved."));

        var result = await CreateSut().ExtractAsync(path, FileKind.Pdf, CancellationToken.None);

        Assert.Equal("text-layer", result.Method);
        Assert.Null(result.OcrConfidence);
        Assert.False(result.Properties!.ContainsKey("ocrPages"));
    }

    [Fact]
    public async Task ExtractAsync_MorePagesThanLimit_RestFlaggedNotRecognized()
    {
        var path = ScanPdf.Save(fixture.Temp.Combine("limit.pdf"), ScanPdf.Scan("請求書"), ScanPdf.Scan("見積書"), ScanPdf.Scan("納品書"));

        var result = await CreateSut(o => o.MaxPages = 1).ExtractAsync(path, FileKind.Pdf, CancellationToken.None);

        Assert.Equal(3, result.Pages!.Count);
        Assert.Contains("請求書", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("納品書", result.Text, StringComparison.Ordinal);
        Assert.Equal("1", result.Properties!["ocrPages"]);
        Assert.Equal("2", result.Properties["ocrPagesNotRecognized"]);
        Assert.Equal("true", result.Properties["ocrIncomplete"]);
        Assert.NotNull(result.Ocr);
        Assert.True(result.Ocr.Incomplete);
        Assert.Equal([OcrPageStatus.Recognized, OcrPageStatus.NotRecognized, OcrPageStatus.NotRecognized], result.Ocr.Pages.Select(p => p.Status));
        Assert.Equal([1, 2, 3], result.Ocr.Pages.Select(p => p.Number));
        Assert.NotNull(result.Ocr.Pages[0].Confidence);
    }

    [Fact]
    public async Task ExtractAsync_PdftoppmMissing_PagesFlaggedNotFailed()
    {
        var path = ScanPdf.Save(fixture.Temp.Combine("noraster.pdf"), ScanPdf.Scan("請求書"));

        var result = await CreateSut(o => o.PdftoppmPath = "/nonexistent/pdftoppm").ExtractAsync(path, FileKind.Pdf, CancellationToken.None);

        Assert.Equal(string.Empty, result.Text);
        Assert.Equal("1", result.Properties!["ocrPagesNotRecognized"]);
        Assert.Equal("true", result.Properties["ocrIncomplete"]);
    }

    [Fact]
    public async Task ExtractAsync_EncryptedPdf_PermanentEncryptedFailure()
    {
        var ex = await Assert.ThrowsAsync<ProcessingException>(() => CreateSut().ExtractAsync(
            Path.Combine(AppContext.BaseDirectory, "Fixtures", "contract-ja-encrypted.pdf"), FileKind.Pdf, CancellationToken.None));

        Assert.Equal("encrypted-pdf", ex.Code);
        Assert.Equal(FailureKind.Permanent, ex.Kind);
    }

    [Fact]
    public void CanExtract_PdfOnly()
    {
        var sut = CreateSut();

        Assert.True(sut.CanExtract(FileKind.Pdf));
        Assert.False(sut.CanExtract(FileKind.Png));
    }

    private ScannedPdfTextExtractor CreateSut(Action<OcrOptions>? configure = null)
    {
        var options = TesseractFixture.CreateOptions();
        configure?.Invoke(options);
        var textLayer = new PdfTextExtractor(Options.Create(new ExtractionOptions()), NullLogger<PdfTextExtractor>.Instance);
        return new ScannedPdfTextExtractor(textLayer, fixture.CreateEngine(options: options), Options.Create(options),
            TimeProvider.System, NullLogger<ScannedPdfTextExtractor>.Instance);
    }
}
