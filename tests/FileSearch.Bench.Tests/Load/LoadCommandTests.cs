using System.Globalization;
using System.Text.RegularExpressions;
using FileSearch.Cli.Commands;
using FileSearch.Testing;

namespace FileSearch.Bench.Tests.Load;

/// <summary>
/// CI's 30-second load test: the real command against fauxqs with in-process workers. Two users (not the
/// scenario's ten) keep the drain inside the suite's time budget on a shared 2-core machine.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ConsoleCollection.Name)]
public sealed partial class LoadCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-load");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Load_ThirtySeconds_NoFailuresQueueDrainedReportWithCharts()
    {
        var report = _temp.Combine("report");

        var (exit, output) = await InProcessBench.RunAsync(_temp.Path, "load", "--scenario", "load", "--users", "2", "--spawn-rate", "2",
            "--duration", "30s", "--drain-timeout", "60s", "--report", report);

        var result = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        Assert.True(exit == ExitCodes.Success, output);
        var match = Result().Match(result);
        Assert.True(match.Success, result);
        Assert.Equal("0", match.Groups["failures"].Value);
        Assert.Equal("0", match.Groups["dead"].Value);
        Assert.Equal("true", match.Groups["drained"].Value);
        var sent = int.Parse(match.Groups["sent"].Value, CultureInfo.InvariantCulture);
        Assert.InRange(sent, 8, 50);
        Assert.Equal(sent, int.Parse(match.Groups["processed"].Value, CultureInfo.InvariantCulture));
        var (indexed, unchanged) = (int.Parse(match.Groups["indexed"].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups["unchanged"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(sent, indexed + unchanged); // every event either did the work or was a repeat of an indexed version
        Assert.True(indexed >= 1, result);
        var markdown = await File.ReadAllTextAsync(Path.Combine(report, "report.md"));
        Assert.Contains("| send_pdf_message |", markdown, StringComparison.Ordinal);
        Assert.Contains("![queue over time](queue.png)", markdown, StringComparison.Ordinal);
        foreach (var chart in new[] { "queue.png", "send-latency.png" })
        {
            var png = await File.ReadAllBytesAsync(Path.Combine(report, chart));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        }
    }

    [Theory]
    [InlineData("--scenario", "soak")]
    [InlineData("--duration", "ten minutes")]
    [InlineData("--users", "0")]
    public async Task Load_BadArguments_UsageErrorBeforeStartingAnything(string option, string value)
    {
        var (exit, output) = await InProcessBench.RunAsync(_temp.Path, "load", option, value);

        Assert.True(exit == ExitCodes.Usage, output);
        Assert.Contains("error:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("RESULT", output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^RESULT load scenario=load users=2 sent=(?<sent>\d+) failures=(?<failures>\d+) send_p50_ms=[\d.]+ send_p95_ms=[\d.]+ send_p99_ms=[\d.]+ throughput_per_s=[\d.]+ max_depth=\d+ processed=(?<processed>\d+) indexed=(?<indexed>\d+) unchanged=(?<unchanged>\d+) processed_per_s=[\d.]+ dead_lettered=(?<dead>\d+) drained=(?<drained>\w+) max_oldest_age_s=[\d.]+$")]
    private static partial Regex Result();
}
