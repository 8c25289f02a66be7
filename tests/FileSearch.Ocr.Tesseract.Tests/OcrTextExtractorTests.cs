using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Testing.Images;
using NSubstitute;

namespace FileSearch.Ocr.Tesseract.Tests;

[Trait("Category", "Integration")]
public sealed class OcrTextExtractorTests(TesseractFixture fixture) : IClassFixture<TesseractFixture>
{
    [Fact]
    public async Task ExtractAsync_RenderedJapanesePage_OcrResultWithPages()
    {
        var path = TextImages.SavePng(fixture.Temp.Combine("extract.png"), "売上報告書\n契約書の写しを添付します。");
        var sut = new OcrTextExtractor(fixture.CreateEngine(), fixture.Loader);

        var result = await sut.ExtractAsync(path, FileKind.Png, CancellationToken.None);

        Assert.Equal(("ocr", 1), (result.Method, result.PageCount));
        Assert.Contains("売上報告書", result.Text, StringComparison.Ordinal);
        Assert.Contains("契約書", result.Text, StringComparison.Ordinal);
        Assert.True(result.OcrConfidence > 70, $"confidence {result.OcrConfidence}");
        var page = Assert.Single(result.Pages!);
        Assert.Equal((1, result.Text), (page.Number, page.Text));
    }

    [Fact]
    public async Task ExtractAsync_FivePageTiff_EveryPageSearchable()
    {
        string[] words = ["請求書", "見積書", "納品書", "領収書", "契約書"];
        var path = TextImages.SaveTiff(fixture.Temp.Combine("fax.tif"), [.. words.Select(w => $"{w}を送付します。")]);
        var sut = new OcrTextExtractor(fixture.CreateEngine(), fixture.Loader);

        var result = await sut.ExtractAsync(path, FileKind.Tiff, CancellationToken.None);

        Assert.Equal(5, result.PageCount);
        Assert.All(words, w => Assert.Contains(w, result.Text, StringComparison.Ordinal));
        Assert.Equal("5", result.Properties!["ocrPages"]);
        Assert.Equal(5, result.Properties["ocrPageConfidences"].Split(',').Length);
        Assert.Equal(5, result.Ocr!.Recognized);
        Assert.All(result.Ocr.Pages, p => Assert.True(p.Confidence > 0));
    }

    [Fact]
    public async Task ExtractAsync_BlankPageAmongTextPages_ConfidenceOfTextPagesOnly()
    {
        var ocr = Substitute.For<IOcrEngine>();
        ocr.RecognizeFileAsync("scan.tif", Arg.Any<CancellationToken>())
            .Returns([new OcrResult("第一頁", 90), new OcrResult(string.Empty, 0), new OcrResult("第三頁", 80)]);
        var sut = new OcrTextExtractor(ocr, fixture.Loader);

        var result = await sut.ExtractAsync("scan.tif", FileKind.Tiff, CancellationToken.None);

        Assert.Equal("第一頁\n\n第三頁", result.Text);
        Assert.Equal((3, 85.0), (result.PageCount, result.OcrConfidence));
        Assert.Equal([1, 2, 3], result.Pages!.Select(p => p.Number));
        Assert.Equal([90.0, 0.0, 80.0], result.Pages!.Select(p => p.OcrConfidence!.Value));
    }

    [Fact]
    public async Task ExtractAsync_NoTextAnywhere_EmptyWithZeroConfidence()
    {
        var ocr = Substitute.For<IOcrEngine>();
        ocr.RecognizeFileAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns([new OcrResult(string.Empty, 0)]);

        var result = await new OcrTextExtractor(ocr, fixture.Loader).ExtractAsync("photo.jpg", FileKind.Jpeg, CancellationToken.None);

        Assert.Equal((string.Empty, 0.0, 1), (result.Text, result.OcrConfidence!.Value, result.PageCount!.Value));
    }

    [Theory]
    [InlineData(FileKind.Png, true)]
    [InlineData(FileKind.Tiff, true)]
    [InlineData(FileKind.Jpeg, true)]
    [InlineData(FileKind.Pdf, false)]
    [InlineData(FileKind.Text, false)]
    public void CanExtract_Kind_ImagesOnly(FileKind kind, bool expected)
    {
        var sut = new OcrTextExtractor(Substitute.For<IOcrEngine>(), fixture.Loader);

        Assert.Equal(expected, sut.CanExtract(kind));
    }
}
