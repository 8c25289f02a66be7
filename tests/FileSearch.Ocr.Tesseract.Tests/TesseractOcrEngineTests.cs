using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Ocr.Tesseract.Internals;
using FileSearch.Testing.Images;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

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
        Assert.DoesNotContain("vertical", result.Operations, StringComparison.Ordinal);
        Assert.True(result.MeanConfidence > 70, $"confidence {result.MeanConfidence}");
    }

    [Theory]
    [InlineData(90, "rotate:270")]
    [InlineData(180, "rotate:180")]
    [InlineData(270, "rotate:90")]
    public async Task RecognizeFileAsync_ShortPageTurned_ReadUpright(int turnedBy, string expected)
    {
        var path = fixture.Temp.Combine($"turned-{turnedBy}.png");
        using (var page = TextImages.Render("請求書の支払期限は月末です。\n振込手数料は貴社負担でお願いします。"))
        using (var turned = page.Rotate(turnedBy))
        {
            turned.WriteToFile(path);
        }

        var result = Assert.Single(await fixture.CreateEngine().RecognizeFileAsync(path, CancellationToken.None));

        Assert.Contains("支払期限", result.Text, StringComparison.Ordinal);
        Assert.Contains("振込手数料", result.Text, StringComparison.Ordinal);
        Assert.True(result.MeanConfidence > 70, $"confidence {result.MeanConfidence}, {result.Operations}");
        Assert.True(turnedBy == 90 || result.Operations.Contains(expected, StringComparison.Ordinal), result.Operations);
    }

    [Fact]
    public async Task RecognizeFileAsync_UprightConfidentPage_OrientationNotAsked()
    {
        var path = TextImages.SavePng(fixture.Temp.Combine("upright.png"), "本契約書は売上の報告について定める。\n支払期日は翌月末日とする。");
        using var engine = fixture.CreateEngine();

        var result = Assert.Single(await engine.RecognizeFileAsync(path, CancellationToken.None));

        Assert.True(result.MeanConfidence > 70, $"confidence {result.MeanConfidence}");
        // Pools made lazily (orientation, vertical text) add their size to the counts only once created.
        Assert.Equal(fixture.Pool.PoolSize, engine.EngineCounts.Capacity);
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

        var results = await fixture.CreateEngine(options: options).RecognizeFileAsync(path, CancellationToken.None);

        Assert.Equal(3, results.Count);
        Assert.Contains("First", results[0].Text, StringComparison.Ordinal);
        Assert.Equal(OcrPageStatus.Recognized, results[0].Status);
        Assert.All(results.Skip(1), r => Assert.Equal(OcrPageStatus.NotRecognized, r.Status));
    }

    [Fact]
    public async Task RecognizePagesAsync_DocumentDeadlinePassed_FinishedPagesKeptRestTimedOut()
    {
        var path = TextImages.SaveTiff(fixture.Temp.Combine("slow.tif"),
            [.. Enumerable.Range(1, 12).Select(i => $"本契約書は売上の報告について定める。第{i}条\n支払期日は翌月末日とする。請求書を送付します。")]);
        var options = TesseractFixture.CreateOptions();
        options.DocumentTimeoutSeconds = 30;
        var time = new FakeTimeProvider();
        var clock = new DeadlineAfterFirstPage(time, TimeSpan.FromSeconds(31)); // the document's time runs out once a page is done
        var started = System.Diagnostics.Stopwatch.StartNew();

        var results = await fixture.CreateEngine(options: options, cache: clock, timeProvider: time)
            .RecognizePagesAsync([.. Enumerable.Range(0, 12).Select(i => new OcrPageSource(path, i))], CancellationToken.None);

        Assert.Equal(12, results.Count);
        Assert.Contains(results, r => r.Status == OcrPageStatus.Recognized);
        Assert.Contains(results, r => r.Status == OcrPageStatus.TimedOut);
        Assert.All(results.Where(r => r.Status == OcrPageStatus.Recognized), r => Assert.Contains("契約", r.Text, StringComparison.Ordinal));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), $"took {started.Elapsed}");
    }

    /// <summary>A page store that stores nothing and moves the clock past the document deadline when the first page is done.</summary>
    private sealed class DeadlineAfterFirstPage(FakeTimeProvider time, TimeSpan advance) : IOcrPageCache
    {
        private int _stored;

        public Task<OcrResult?> TryGetAsync(string pageHash, string settingsVersion, CancellationToken cancellationToken) =>
            Task.FromResult<OcrResult?>(null);

        public Task SetAsync(string pageHash, string settingsVersion, OcrResult result, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _stored) == 1)
            {
                time.Advance(advance);
            }

            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task RecognizeFileAsync_VerticalJapanesePage_ReadWithVerticalModelInColumnOrder()
    {
        var path = TextImages.SaveVertical(fixture.Temp.Combine("vertical.png"), "本契約は甲と乙との間", "業務委託の条件を定め", "るものである乙は甲の", "指示に従い誠実に業務");

        var result = Assert.Single(await fixture.CreateEngine().RecognizeFileAsync(path, CancellationToken.None));

        Assert.EndsWith("vertical", result.Operations, StringComparison.Ordinal);
        Assert.Contains("本契約は甲と", result.Text, StringComparison.Ordinal);
        Assert.Contains("業務委託の条件を定め", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecognizeFileAsync_VerticalDetectionOff_HorizontalModelUsed()
    {
        var path = TextImages.SaveVertical(fixture.Temp.Combine("vertical-off.png"), "本契約は甲と乙との間", "業務委託の条件を定め");
        var options = TesseractFixture.CreateOptions();
        options.VerticalLanguages = string.Empty;

        var result = Assert.Single(await fixture.CreateEngine(options: options).RecognizeFileAsync(path, CancellationToken.None));

        Assert.DoesNotContain("vertical", result.Operations, StringComparison.Ordinal);
        Assert.DoesNotContain("本契約は甲と", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecognizePagesAsync_CallerCancels_Throws()
    {
        var path = TextImages.SavePng(fixture.Temp.Combine("cancel.png"), "請求書を送付します。");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            fixture.CreateEngine().RecognizePagesAsync([new OcrPageSource(path)], cancelled.Token));
    }

    [Fact]
    public async Task RecognizeFileAsync_ConfidenceUnderThreshold_RetriedAndFlaggedWeak()
    {
        var options = TesseractFixture.CreateOptions();
        options.WeakConfidenceThreshold = 100;
        var tiff = TextImages.SavePng(fixture.Temp.Combine("weak.png"), "請求書を送付します。");

        var result = Assert.Single(await fixture.CreateEngine(options: options).RecognizeFileAsync(tiff, CancellationToken.None));

        Assert.True(result.Retried);
        Assert.True(result.Weak);
        Assert.Contains("請求書", result.Text, StringComparison.Ordinal);
        Assert.Contains("retry:psm6", result.Operations, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecognizeFileAsync_WeakBinarizedPage_RetriedWithoutBinarizationBetterKept()
    {
        var path = TextImages.SavePng(fixture.Temp.Combine("weak-photo.png"), "見積書の有効期限は三十日です。", pointSize: 10);
        var once = TesseractFixture.CreateOptions();
        once.Preprocessing.Profile = "photo";
        once.WeakConfidenceThreshold = 0;
        var retry = TesseractFixture.CreateOptions();
        retry.Preprocessing.Profile = "photo";
        retry.WeakConfidenceThreshold = 100;

        var first = Assert.Single(await fixture.CreateEngine(options: once).RecognizeFileAsync(path, CancellationToken.None));
        var result = Assert.Single(await fixture.CreateEngine(options: retry).RecognizeFileAsync(path, CancellationToken.None));

        Assert.False(first.Retried);
        Assert.Contains("binarize:adaptive", first.Operations, StringComparison.Ordinal);
        Assert.True(result.Retried);
        Assert.Contains("retry:unbinarized", result.Operations, StringComparison.Ordinal);
        Assert.True(result.MeanConfidence >= first.MeanConfidence, $"{result.MeanConfidence} < {first.MeanConfidence}");
        Assert.Contains("見積書", result.Text, StringComparison.Ordinal);
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
    public async Task RecognizeFileAsync_CancelledAfterFirstPage_StopsBeforeRemainingPages()
    {
        var path = TextImages.SaveTiff(fixture.Temp.Combine("cancel.tif"), "One", "Two", "Three", "Four", "Five");
        using var cts = new CancellationTokenSource();
        var logger = new CancelOnPageLogger(cts);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => fixture.CreateEngine(logger).RecognizeFileAsync(path, cts.Token));

        // Pages run in parallel on the pool's two engines: the page beside the first may finish too, no later one.
        Assert.InRange(logger.PagesRecognized, 1, fixture.Pool.PoolSize);
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
