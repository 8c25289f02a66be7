using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Extraction;
using FileSearch.Testing.Images;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Ocr.Tesseract.Tests;

[Trait("Category", "Integration")]
public sealed class OcrCheckpointTests(TesseractFixture fixture) : IClassFixture<TesseractFixture>
{
    private static readonly string[] Words = ["契約", "売上", "請求書", "見積書", "納品書", "会議"];

    [Fact]
    public async Task ExtractAsync_InterruptedHalfway_RedeliveryResumesWithPagesReused()
    {
        var cacheFile = fixture.Temp.Combine("resume", "ocr-pages.db");
        var path = ScanPdf.Save(fixture.Temp.Combine("resume.pdf"), [.. Words.Select(w => ScanPdf.Scan($"{w}について確認しました。"))]);
        using var interruption = new CancellationTokenSource();
        var logger = new CancelAfterPagesLogger(interruption, pages: 2);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            CreateSut(cacheFile, logger: logger).ExtractAsync(path, FileKind.Pdf, interruption.Token));
        var resumed = await CreateSut(cacheFile).ExtractAsync(path, FileKind.Pdf, CancellationToken.None);

        var reused = int.Parse(resumed.Properties!["ocrPagesReused"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(reused, 2, Words.Length - 1);
        Assert.Equal("6", resumed.Properties["ocrPages"]);
        Assert.All(Words, w => Assert.Contains(w, resumed.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FlushAsync_AfterWrites_JournalCheckpointedIntoDatabaseFile()
    {
        var cacheFile = fixture.Temp.Combine("flush", "ocr-pages.db");
        var cache = new SqliteOcrPageCache(Options.Create(new OcrOptions { PageCacheFile = cacheFile }));
        await cache.SetAsync("hash", "v1", new OcrResult("契約書", 91), CancellationToken.None);
        IShutdownFlush flush = new Internals.OcrPageCacheFlush(cache);

        await flush.FlushAsync(CancellationToken.None);

        Assert.Equal(0, new FileInfo(cacheFile + "-wal").Length);
        var reopened = new SqliteOcrPageCache(Options.Create(new OcrOptions { PageCacheFile = cacheFile }));
        Assert.Equal("契約書", (await reopened.TryGetAsync("hash", "v1", CancellationToken.None))?.Text);
    }

    [Fact]
    public async Task ExtractAsync_SameScanUnderAnotherKey_AllPagesReused_NewSettingsVersionReadsAgain()
    {
        var cacheFile = fixture.Temp.Combine("copy", "ocr-pages.db");
        var pages = Words.Take(3).Select(w => ScanPdf.Scan($"{w}の件")).ToArray();
        var original = ScanPdf.Save(fixture.Temp.Combine("original.pdf"), pages);
        var copy = fixture.Temp.Combine("copy-of-original.pdf");
        File.Copy(original, copy);

        var first = await CreateSut(cacheFile).ExtractAsync(original, FileKind.Pdf, CancellationToken.None);
        var second = await CreateSut(cacheFile).ExtractAsync(copy, FileKind.Pdf, CancellationToken.None);
        var newVersion = await CreateSut(cacheFile, o => o.SettingsVersion = "2").ExtractAsync(copy, FileKind.Pdf, CancellationToken.None);

        Assert.Equal("0", first.Properties!["ocrPagesReused"]);
        Assert.Equal("3", second.Properties!["ocrPagesReused"]);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.OcrConfidence, second.OcrConfidence);
        Assert.Equal("0", newVersion.Properties!["ocrPagesReused"]);
    }

    [Fact]
    public async Task RecognizePagesAsync_SettingChanged_OnlyAffectedPagesReadAgain()
    {
        var cache = new SqliteOcrPageCache(Options.Create(new OcrOptions { PageCacheFile = fixture.Temp.Combine("settings", "ocr-pages.db") }));
        var plain = TextImages.SavePng(fixture.Temp.Combine("settings-plain.png"), "納品書を同封いたします。");
        var vertical = TextImages.SaveVertical(fixture.Temp.Combine("settings-vertical.png"), "本契約は甲と乙との間", "業務委託の条件を定め");
        var rotated = fixture.Temp.Combine("settings-rotated.png");
        using (var page = TextImages.Render("請求書の支払期限は月末です。\n振込手数料は貴社負担でお願いします。"))
        using (var turned = page.Rot90())
        {
            turned.WriteToFile(rotated);
        }

        OcrPageSource[] pages = [new(plain), new(vertical), new(rotated)];
        async Task<IReadOnlyList<OcrResult>> RunAsync(Action<OcrOptions>? configure = null)
        {
            var options = TesseractFixture.CreateOptions();
            configure?.Invoke(options);
            using var engine = fixture.CreateEngine(options: options, cache: cache);
            return await engine.RecognizePagesAsync(pages, CancellationToken.None);
        }

        var first = await RunAsync();
        var unchanged = await RunAsync();
        var otherVerticalModel = await RunAsync(o => o.VerticalLanguages = "jpn");
        var noOrientation = await RunAsync(o => (o.VerticalLanguages, o.Preprocessing.Orientation) = ("jpn", false));

        Assert.Equal([false, false, false], first.Select(r => r.Reused));
        Assert.Contains("vertical", first[1].Operations, StringComparison.Ordinal);
        Assert.Contains("rotate:", first[2].Operations, StringComparison.Ordinal);
        Assert.Equal([true, true, true], unchanged.Select(r => r.Reused));
        Assert.Equal(first.Select(r => r.Text), unchanged.Select(r => r.Text));

        // Two sideways lines look like two vertical columns, so the rotated page's first reading used the vertical model too.
        Assert.Equal([true, false, false], otherVerticalModel.Select(r => r.Reused));

        // Orientation is asked after a weak first reading, which is cached: turning it off reads nothing again.
        Assert.Equal([true, true, true], noOrientation.Select(r => r.Reused));
        Assert.DoesNotContain("rotate:", noOrientation[2].Operations, StringComparison.Ordinal);
        Assert.Equal(first[0].Text, noOrientation[0].Text);
    }

    [Fact]
    public async Task SqliteOcrPageCache_RoundTripAcrossInstances_KeyedByHashAndVersion()
    {
        var options = Options.Create(new OcrOptions { PageCacheFile = fixture.Temp.Combine("unit", "cache.db") });
        await new SqliteOcrPageCache(options).SetAsync("abc", "v1", new OcrResult("請求書", 91.5) { Weak = true, Retried = true }, CancellationToken.None);
        var cache = new SqliteOcrPageCache(options);

        var hit = await cache.TryGetAsync("abc", "v1", CancellationToken.None);

        Assert.Equal(new OcrResult("請求書", 91.5) { Weak = true, Retried = true, Reused = true }, hit);
        Assert.Null(await cache.TryGetAsync("abc", "v2", CancellationToken.None));
        Assert.Null(await cache.TryGetAsync("abd", "v1", CancellationToken.None));
        Assert.Throws<InvalidOperationException>(() => new SqliteOcrPageCache(Options.Create(new OcrOptions())));
    }

    private ScannedPdfTextExtractor CreateSut(string cacheFile, Action<OcrOptions>? configure = null, ILogger<TesseractOcrEngine>? logger = null)
    {
        var options = TesseractFixture.CreateOptions();
        options.PageCacheFile = cacheFile;
        configure?.Invoke(options);
        var cache = new SqliteOcrPageCache(Options.Create(options));
        var textLayer = new PdfTextExtractor(Options.Create(new ExtractionOptions()), NullLogger<PdfTextExtractor>.Instance);
        return new ScannedPdfTextExtractor(textLayer, fixture.CreateEngine(logger, options, cache), Options.Create(options),
            TimeProvider.System, NullLogger<ScannedPdfTextExtractor>.Instance);
    }

    /// <summary>Cancels the run once <paramref name="pages"/> pages are recognised: the worker "dies" halfway.</summary>
    private sealed class CancelAfterPagesLogger(CancellationTokenSource cts, int pages) : ILogger<TesseractOcrEngine>
    {
        private int _recognized;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 4101 && Interlocked.Increment(ref _recognized) >= pages)
            {
                cts.Cancel();
            }
        }
    }
}
