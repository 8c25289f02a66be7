using FileSearch.Core.Errors;
using FileSearch.Ocr.Tesseract.Internals;
using Microsoft.Extensions.Logging;

namespace FileSearch.Ocr.Tesseract.Tests;

[Trait("Category", "Integration")]
public sealed class TesseractOcrEngineTests(TesseractFixture fixture) : IClassFixture<TesseractFixture>
{
    [Fact]
    public async Task RecognizeFileAsync_JapaneseSentence_KeyWordsWithoutSpacesAndConfident()
    {
        var path = TextImages.SavePng(fixture.Temp.Combine("jp.png"), "本契約書は売上の報告について定める。\n支払期日は翌月末日とする。");

        var result = Assert.Single(await fixture.CreateEngine().RecognizeFileAsync(path, CancellationToken.None));

        Assert.Contains("契約書", result.Text, StringComparison.Ordinal);
        Assert.Contains("売上", result.Text, StringComparison.Ordinal);
        Assert.Contains("支払期日", result.Text, StringComparison.Ordinal);
        Assert.Equal(2, result.Text.Split('\n').Length);
        Assert.True(result.MeanConfidence > 70, $"confidence {result.MeanConfidence}");
    }

    [Fact]
    public async Task RecognizeFileAsync_EnglishText_WordsSeparatedBySpaces()
    {
        var path = TextImages.SavePng(fixture.Temp.Combine("en.png"), "The quarterly sales report was approved.");

        var result = Assert.Single(await fixture.CreateEngine().RecognizeFileAsync(path, CancellationToken.None));

        Assert.Contains("quarterly sales report", result.Text, StringComparison.Ordinal);
        Assert.True(result.MeanConfidence > 70, $"confidence {result.MeanConfidence}");
    }

    [Fact]
    public async Task RecognizeFileAsync_MultiPageTiff_OneResultPerPageInOrder()
    {
        var path = TextImages.SaveTiff(fixture.Temp.Combine("pages.tif"), "請求書を送付します。", "見積書の有効期限は三十日です。", "Invoice number 2024");

        var results = await fixture.CreateEngine().RecognizeFileAsync(path, CancellationToken.None);

        Assert.Equal(3, results.Count);
        Assert.Contains("請求書", results[0].Text, StringComparison.Ordinal);
        Assert.Contains("見積書", results[1].Text, StringComparison.Ordinal);
        Assert.Contains("Invoice", results[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecognizeFileAsync_LoneShortWord_FoundBySingleBlockFallback()
    {
        var path = TextImages.SavePng(fixture.Temp.Combine("label.png"), "請求書");

        var result = Assert.Single(await fixture.CreateEngine().RecognizeFileAsync(path, CancellationToken.None));

        Assert.Equal("請求書", result.Text);
        Assert.True(result.MeanConfidence >= 60, $"confidence {result.MeanConfidence}");
    }

    [Fact]
    public async Task RecognizeFileAsync_MorePagesThanMaxPages_FirstPagesOnly()
    {
        var path = TextImages.SaveTiff(fixture.Temp.Combine("long.tif"), "First", "Second", "Third");
        var options = TesseractFixture.CreateOptions();
        options.MaxPages = 1;

        var result = Assert.Single(await fixture.CreateEngine(options: options).RecognizeFileAsync(path, CancellationToken.None));

        Assert.Contains("First", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecognizeFileAsync_BlankPage_NoText()
    {
        var path = fixture.Temp.Combine("blank.png");
        using (var black = NetVips.Image.Black(400, 300))
        using (var white = black + 255)
        using (var page = white.Cast(NetVips.Enums.BandFormat.Uchar))
        {
            page.WriteToFile(path);
        }

        var result = Assert.Single(await fixture.CreateEngine().RecognizeFileAsync(path, CancellationToken.None));

        Assert.Equal(string.Empty, result.Text);
    }

    [Theory]
    [InlineData(0, "empty-file")]
    [InlineData(100, "corrupt-image")]
    public async Task RecognizeFileAsync_EmptyOrCorruptFile_PermanentErrorAndNoEngineTaken(int length, string code)
    {
        var path = fixture.Temp.Combine($"bad-{length}.png");
        await File.WriteAllBytesAsync(path, Enumerable.Repeat((byte)0x42, length).ToArray());
        var rentals = fixture.Pool.TotalRentals;

        var e = await Assert.ThrowsAsync<ProcessingException>(
            () => fixture.CreateEngine().RecognizeFileAsync(path, CancellationToken.None));

        Assert.Equal((code, FailureKind.Permanent), (e.Code, e.Kind));
        Assert.Equal(rentals, fixture.Pool.TotalRentals);
    }

    [Fact]
    public async Task RecognizeFileAsync_AlreadyCancelled_Throws()
    {
        var path = TextImages.SavePng(fixture.Temp.Combine("c.png"), "cancel");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => fixture.CreateEngine().RecognizeFileAsync(path, new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task RecognizeFileAsync_CancelledAfterFirstPage_StopsBeforeTheNext()
    {
        var path = TextImages.SaveTiff(fixture.Temp.Combine("cancel.tif"), "One", "Two", "Three");
        using var cts = new CancellationTokenSource();
        var logger = new CancelOnPageLogger(cts);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => fixture.CreateEngine(logger).RecognizeFileAsync(path, cts.Token));

        Assert.Equal(1, logger.PagesRecognized);
        Assert.Equal(0, fixture.Pool.RentedCount);
    }

    [Fact]
    public async Task Engine_CancelledTokenDuringRecognition_TesseractStopsAndThrows()
    {
        var path = TextImages.SavePng(fixture.Temp.Combine("mid.png"), "Tesseract polls the cancel callback between words");
        using var lease = await fixture.Pool.RentAsync(CancellationToken.None);
        using (var page = fixture.Loader.LoadPage(path, 0))
        {
            lease.Engine.SetPage(page, 300);
        }

        Assert.Throws<OperationCanceledException>(
            () => lease.Engine.Recognize(TimeSpan.FromMinutes(1), new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task Engine_DeadlinePassed_TimedOutWithoutText()
    {
        var text = string.Join('\n', Enumerable.Range(1, 20).Select(i => $"line {i} has several words to recognise"));
        var path = TextImages.SavePng(fixture.Temp.Combine("slow.png"), text);
        using var lease = await fixture.Pool.RentAsync(CancellationToken.None);
        using (var page = fixture.Loader.LoadPage(path, 0))
        {
            lease.Engine.SetPage(page, 300);
        }

        var raw = lease.Engine.Recognize(TimeSpan.FromMilliseconds(1), CancellationToken.None);

        Assert.True(raw.TimedOut);
        Assert.Equal(string.Empty, raw.Text);
    }

    /// <summary>Cancels the run when the first page is logged as recognised (event 4101).</summary>
    private sealed class CancelOnPageLogger(CancellationTokenSource cts) : ILogger<TesseractOcrEngine>
    {
        public int PagesRecognized { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 4101)
            {
                PagesRecognized++;
                cts.Cancel();
            }
        }
    }
}
