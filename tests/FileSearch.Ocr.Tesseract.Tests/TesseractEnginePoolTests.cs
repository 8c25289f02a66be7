using FileSearch.Ocr.Tesseract.Internals;
using FileSearch.Testing.Images;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Ocr.Tesseract.Tests;

[Trait("Category", "Integration")]
public sealed class TesseractEnginePoolTests(TesseractFixture fixture) : IClassFixture<TesseractFixture>
{
    [Fact]
    public async Task RecognizeFileAsync_ManyPagesFromConcurrentWorkers_EnginesReusedWithinPoolSize()
    {
        var tiff = TextImages.SaveTiff(fixture.Temp.Combine("reuse.tif"), "One page", "Two pages", "Three pages");
        var png = TextImages.SavePng(fixture.Temp.Combine("reuse.png"), "Another document");
        var engine = fixture.CreateEngine();
        var rentalsBefore = fixture.Pool.TotalRentals;

        var runs = Enumerable.Range(0, 6).Select(i => engine.RecognizeFileAsync(i % 2 == 0 ? tiff : png, CancellationToken.None));
        var results = await Task.WhenAll(runs);

        Assert.Equal(3 * 3 + 3 * 1, results.Sum(r => r.Count));
        Assert.InRange(fixture.Pool.CreatedCount, 1, fixture.Pool.PoolSize);
        Assert.Equal(2, fixture.Pool.PoolSize);
        Assert.Equal(rentalsBefore + 12, fixture.Pool.TotalRentals); // one rental per page
        Assert.Equal(0, fixture.Pool.RentedCount);
        Assert.Equal(fixture.Pool.CreatedCount, fixture.Pool.IdleCount);
    }

    [Fact]
    public async Task RentAsync_AllEnginesRented_WaitsUntilCancelled()
    {
        using var pool = CreateSut(poolSize: 1);
        using var first = await pool.RentAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pool.RentAsync(timeout.Token));

        Assert.Equal((1, 1, 0), (pool.CreatedCount, pool.RentedCount, pool.IdleCount));
    }

    [Fact]
    public async Task RentAsync_EngineReturned_SameEngineHandedOutAgain()
    {
        using var pool = CreateSut(poolSize: 1);
        TesseractEngine engine;
        using (var lease = await pool.RentAsync(CancellationToken.None))
        {
            engine = lease.Engine;
            lease.Dispose(); // returning twice must not free a second slot
        }

        using var again = await pool.RentAsync(CancellationToken.None);

        Assert.Same(engine, again.Engine);
        Assert.Equal((1, 2L), (pool.CreatedCount, pool.TotalRentals));
    }

    [Fact]
    public async Task Dispose_WithRentedEngine_RentFailsAndEngineFreedOnReturn()
    {
        var pool = CreateSut(poolSize: 2);
        var lease = await pool.RentAsync(CancellationToken.None);
        (await pool.RentAsync(CancellationToken.None)).Dispose();

        pool.Dispose();
        pool.Dispose();
        lease.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.RentAsync(CancellationToken.None));
        Assert.Equal((0, 0), (pool.IdleCount, pool.RentedCount));
        Assert.Equal((2, 2, 0), (pool.CreatedCount, pool.DisposedCount, pool.AliveCount));
    }

    [Fact]
    public async Task RentAsync_FactoryFails_SlotReleased()
    {
        var calls = 0;
        using var pool = new TesseractEnginePool(1, () =>
        {
            calls++;
            throw new InvalidOperationException("no language data");
        }, TimeProvider.System, NullLogger.Instance);

        await Assert.ThrowsAsync<InvalidOperationException>(() => pool.RentAsync(CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => pool.RentAsync(CancellationToken.None));

        Assert.Equal((2, 0, 0), (calls, pool.CreatedCount, pool.RentedCount));
    }

    [Fact]
    public async Task Return_LastRentedEngine_IdleHookRunsOnceNotBefore()
    {
        var idle = 0;
        var options = TesseractFixture.CreateOptions(2);
        options.Languages = "eng";
        using var pool = new TesseractEnginePool(2, TesseractEnginePool.EngineFactory(options, "eng", 3), TimeProvider.System,
            NullLogger.Instance, () => idle++);
        var first = await pool.RentAsync(CancellationToken.None);
        var second = await pool.RentAsync(CancellationToken.None);

        first.Dispose();
        var afterFirst = idle;
        second.Dispose();

        Assert.Equal((0, 1), (afterFirst, idle));
    }

    [Fact]
    public void Constructor_PoolCreated_OmpThreadLimitSetInNativeEnvironment()
    {
        Assert.Equal("1", NativeEnvironment.Get("OMP_THREAD_LIMIT"));
        Assert.Equal("1", Environment.GetEnvironmentVariable("OMP_THREAD_LIMIT"));
    }

    [Fact]
    public void TessVersion_LibraryLoaded_ReportsVersionFive()
    {
        Assert.StartsWith("5.", TesseractLibrary.Version(), StringComparison.Ordinal);
    }

    [Fact]
    public void TryLoad_MissingLibrary_OneActionableLine()
    {
        var error = TesseractLibrary.TryLoad("libtesseract-missing.so.9");

        Assert.Equal("libtesseract-missing.so.9 not found: apt-get install tesseract-ocr tesseract-ocr-jpn", error);
    }

    [Fact]
    public void Create_UnknownLanguage_ClearError()
    {
        var e = Assert.Throws<InvalidOperationException>(
            () => TesseractEngine.Create(fixture.Options.TessdataPath!, "xyz", 3));

        Assert.Contains("'xyz'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SetPage_AsLeptonicaPix_ReadsAsTheRawBytes(int extraColumns)
    {
        // Leptonica packs 4 pixels per big-endian word: every row width modulo 4 exercises the last, partial word.
        using var rendered = TextImages.Render("請求書 第2024-118号 お支払期限 12月25日");
        using var widened = rendered.Embed(0, 0, rendered.Width + extraColumns - (rendered.Width % 4), rendered.Height, extend: NetVips.Enums.Extend.White);
        var path = fixture.Temp.Combine($"pix-{extraColumns}.png");
        widened.WriteToFile(path);
        using var page = fixture.Loader.LoadPage(path, 0);
        using var asPix = TesseractEngine.Create(fixture.Options.TessdataPath!, "jpn", 3, pagesAsPix: true);
        using var asBytes = TesseractEngine.Create(fixture.Options.TessdataPath!, "jpn", 3, pagesAsPix: false);

        var readings = new[] { asPix, asBytes }.Select(engine =>
        {
            engine.SetPage(page, 300);
            return engine.Recognize(TimeSpan.FromSeconds(30), CancellationToken.None);
        }).ToArray();

        Assert.True(Leptonica.IsAvailable()); // otherwise both engines would take the raw bytes
        Assert.Equal(extraColumns, page.Width % 4);
        Assert.Contains("請求書", readings[0].Text.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal((readings[1].Text, readings[1].MeanConfidence, readings[1].TimedOut), (readings[0].Text, readings[0].MeanConfidence, readings[0].TimedOut));
        Assert.Equal(readings[1].Symbols.Select(s => (s.Text, s.Box)), readings[0].Symbols.Select(s => (s.Text, s.Box)));
    }

    private TesseractEnginePool CreateSut(int poolSize)
    {
        var options = TesseractFixture.CreateOptions(poolSize);
        options.Languages = "eng";
        _ = fixture;
        return new TesseractEnginePool(Options.Create(options), TimeProvider.System, NullLogger<TesseractEnginePool>.Instance);
    }
}
