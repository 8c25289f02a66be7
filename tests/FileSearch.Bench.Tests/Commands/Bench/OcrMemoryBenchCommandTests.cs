using System.Globalization;
using System.Text.RegularExpressions;
using FileSearch.Cli.Commands;
using FileSearch.Testing;

namespace FileSearch.Bench.Tests.Commands.Bench;

/// <summary>A bounded <c>bench ocr-memory</c>: 30 small pages through the real Tesseract pool, RSS sampled after 20 and at the end.</summary>
[Trait("Category", "Integration")]
[Collection(ConsoleCollection.Name)]
public sealed partial class OcrMemoryBenchCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-ocr-memory");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task BenchOcrMemory_ThirtyPages_ResultLineWithinIssueBound()
    {
        var (exit, output) = await InProcessBench.RunAsync(_temp.Path, "bench", "ocr-memory", "--pages", "30", "--distinct", "3", "--paper", "a6");

        Assert.True(exit == ExitCodes.Success, output);
        Assert.Contains("3 distinct A6 (1240x1748 px at 300 dpi) images", output, StringComparison.Ordinal);
        var match = Result().Match(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1]);
        Assert.True(match.Success, output);
        var (after20, end, growth) = (Mb(match, "after"), Mb(match, "end"), Mb(match, "growth"));
        Assert.InRange(after20, 50, 2000);
        Assert.Equal(end - after20, growth, 0.11);
        Assert.InRange(growth, double.MinValue, 100);
        Assert.InRange(int.Parse(match.Groups["engines"].Value, CultureInfo.InvariantCulture), 1, 3 * Environment.ProcessorCount);
        Assert.DoesNotContain("not recognised", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(_temp.Path, "bench-ocr-memory-*"));
    }

    [Theory]
    [InlineData("--pages", "20")]
    [InlineData("--paper", "letter")]
    public async Task BenchOcrMemory_BadArguments_UsageError(string option, string value)
    {
        var (exit, output) = await InProcessBench.RunAsync(_temp.Path, "bench", "ocr-memory", option, value);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--pages must be 21-100000", output, StringComparison.Ordinal);
    }

    private static double Mb(Match match, string group) => double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^RESULT ocr_memory pages=30 rss_after_20_mb=(?<after>[\d.]+) rss_end_mb=(?<end>[\d.]+) growth_mb=(?<growth>-?[\d.]+) engines_alive=(?<engines>\d+) passed=true$")]
    private static partial Regex Result();
}
