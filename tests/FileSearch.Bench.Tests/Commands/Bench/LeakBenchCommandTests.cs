using System.Globalization;
using System.Text.RegularExpressions;
using FileSearch.Bench.Commands.Bench;
using FileSearch.Cli.Commands;
using FileSearch.Testing;

namespace FileSearch.Bench.Tests.Commands.Bench;

/// <summary>CI's leak check: 100 files through the real embedded pipeline, the seed's 100 MB bound, native counts at their pooled baseline.</summary>
[Trait("Category", "Integration")]
[Collection(ConsoleCollection.Name)]
public sealed partial class LeakBenchCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-leak");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task BenchLeak_HundredFiles_RssGrowthUnderSeedBoundAndNativeCountsAtBaseline()
    {
        var chart = _temp.Combine("memory.png");

        var (exit, output) = await InProcessBench.RunAsync(_temp.Path, "bench", "leak", "--files", "100", "--batch", "25",
            "--max-growth-mb", "100", "--samples", Path.Combine(AppContext.BaseDirectory, "samples"), "--chart", chart);

        Assert.True(exit == ExitCodes.Success, output);
        var match = Result().Match(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1]);
        Assert.True(match.Success, output);
        Assert.InRange(double.Parse(match.Groups["growth"].Value, CultureInfo.InvariantCulture), double.MinValue, 100);
        Assert.InRange(int.Parse(match.Groups["engines"].Value, CultureInfo.InvariantCulture), 1, 3 * Environment.ProcessorCount);
        Assert.Equal(("0", "0", "0"), (match.Groups["vips"].Value, match.Groups["temp"].Value, match.Groups["failed"].Value));
        // The page cache is off, so the samples' pages are read by Tesseract every round, none reused.
        Assert.InRange(long.Parse(match.Groups["read"].Value, CultureInfo.InvariantCulture), 10, long.MaxValue);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await File.ReadAllBytesAsync(chart))[..4]);
    }

    [Fact]
    public async Task BenchLeak_PageCacheOn_FailsBecauseTesseractReadNothingAfterTheWarmUp()
    {
        var samples = Path.Combine(AppContext.BaseDirectory, "samples");
        var cycle = Directory.GetFiles(samples).Length;

        var (exit, output) = await InProcessBench.RunAsync(_temp.Path, "bench", "leak", "--files", (2 * cycle).ToString(CultureInfo.InvariantCulture),
            "--batch", cycle.ToString(CultureInfo.InvariantCulture), "--max-growth-mb", "1000", "--samples", samples, "--chart", _temp.Combine("memory.png"), "--page-cache");

        Assert.True(exit == ExitCodes.Error, output);
        Assert.Contains("OCR page cache on", output, StringComparison.Ordinal);
        Assert.Contains("LEAK CHECK FAILED:", output, StringComparison.Ordinal);
        Assert.Contains("Tesseract read no page after the warm-up", output, StringComparison.Ordinal);
        Assert.Matches(@"page_cache=on ocr_pages_read=\d+ ocr_pages_reused=[1-9]\d* passed=false", output);
    }

    [Fact]
    public void Problems_OcrAnsweredFromCacheAfterWarmUp_Named()
    {
        var check = new LeakCheck(new LeakCheckSettings(16, 8, 8, 50, ".", Verbose: false), TimeProvider.System);
        var baseline = new ResourceSnapshot(8, 500, 400, 7, 20, 2, 0, 4, 0, 0, 0, 1, 4, 200, 0, 20, OcrPagesRead: 3, OcrPagesReused: 0);

        var cached = check.Problems(baseline, baseline with { Files = 16, OcrPagesReused = 3 }, failedFiles: 0);
        var read = check.Problems(baseline, baseline with { Files = 16, OcrPagesRead = 6 }, failedFiles: 0);
        var noOcr = check.Problems(baseline, baseline with { Files = 16 }, failedFiles: 0);

        Assert.Equal(["Tesseract read no page after the warm-up (3 page(s) came from the OCR page cache): OCR was not exercised"], cached);
        Assert.Empty(read);
        Assert.Empty(noOcr);
    }

    [Fact]
    public async Task BenchLeak_BadFileCount_UsageError()
    {
        var (exit, output) = await InProcessBench.RunAsync(_temp.Path, "bench", "leak", "--files", "0");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--files must be", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_CountsAboveBaseline_EachNamed()
    {
        var check = new LeakCheck(new LeakCheckSettings(100, 10, 10, 50, ".", Verbose: false), TimeProvider.System);
        var baseline = new ResourceSnapshot(10, 500, 400, 7, 20, 2, 0, 4, 0, 0, 0, 1, 4, 200, 0, 20);
        var end = baseline with { Files = 100, RssMb = 560, EnginesAlive = 5, EnginesRented = 1, VipsAllocs = 3, VipsFiles = 1, MecabLattices = 99, SqliteFiles = 4 + Environment.ProcessorCount + 1, TempEntries = 2 };

        var problems = check.Problems(baseline, end, failedFiles: 1);

        Assert.Empty(check.Problems(baseline, baseline, 0));
        Assert.Collection(problems,
            p => Assert.Equal("RSS grew 60.0 MB after the warm-up (limit 50 MB)", p),
            p => Assert.Contains("1 Tesseract engine(s) still rented", p, StringComparison.Ordinal),
            p => Assert.Contains("5 Tesseract engines alive, more than the pools hold (4)", p, StringComparison.Ordinal),
            p => Assert.Contains("3 more tracked allocations", p, StringComparison.Ordinal),
            p => Assert.Contains("1 more open files", p, StringComparison.Ordinal),
            p => Assert.Contains("99 MeCab lattices", p, StringComparison.Ordinal),
            p => Assert.Contains("SQLite database files open, 4 after the warm-up", p, StringComparison.Ordinal),
            p => Assert.Contains("2 temp file(s)", p, StringComparison.Ordinal),
            p => Assert.Contains("1 file(s) failed", p, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^RESULT leak files=100 rss_start_mb=[\d.]+ rss_end_mb=[\d.]+ rss_growth_mb=(?<growth>-?[\d.]+) heap_growth_mb=-?[\d.]+ tesseract_engines_alive=(?<engines>\d+) vips_allocs=(?<vips>\d+) anon_growth_mb=-?[\d.]+ mecab_lattices=\d+ sqlite_files=\d+ temp_entries=(?<temp>\d+) failed_files=(?<failed>\d+) baseline_files=25 page_cache=off ocr_pages_read=(?<read>\d+) ocr_pages_reused=0 passed=true allocator=(glibc|jemalloc|tcmalloc)$")]
    private static partial Regex Result();
}
