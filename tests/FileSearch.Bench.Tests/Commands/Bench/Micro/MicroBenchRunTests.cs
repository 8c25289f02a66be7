using System.Diagnostics;
using FileSearch.Bench.Commands.Bench.Micro;
using FileSearch.Cli.Commands;
using FileSearch.Testing;

namespace FileSearch.Bench.Tests.Commands.Bench.Micro;

/// <summary><c>bench micro</c> around BenchmarkDotNet: the child process, its arguments and finding the report (no benchmark runs).</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Unit")]
public sealed class MicroBenchRunTests : IDisposable
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly TempDirectory _temp = new("fs-micro");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task RunAsync_ChildWritesBothStreams_EveryLineAndTheExitCode()
    {
        var lines = new List<string>();

        var exit = await StreamingProcess.RunAsync("sh", ["-c", "echo one; echo two >&2; echo three; exit 3"], _temp.Path, NoEnvironment, lines.Add,
            TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal(3, exit);
        Assert.Equal(["one", "three", "two"], lines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ChildOutlivesTimeout_KilledAndNull()
    {
        var clock = Stopwatch.StartNew();

        var exit = await StreamingProcess.RunAsync("sh", ["-c", "sleep 30"], _temp.Path, NoEnvironment, _ => { }, TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.Null(exit);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Arguments_DefaultJob_RunsReleaseInProcessWithFilters()
    {
        var run = new MicroBenchRun("/repo", ["*Vector*", "*Queue*"], defaultJob: true, TimeSpan.FromMinutes(1));

        Assert.Equal(["run", "-c", "Release", "--project", "/repo/benchmarks/FileSearch.Benchmarks/FileSearch.Benchmarks.csproj", "--",
            "--filter", "*Vector*", "*Queue*", "--job", "default", "--inProcess"], run.Arguments);
        Assert.DoesNotContain("--job", new MicroBenchRun("/repo", ["*"], defaultJob: false, TimeSpan.FromMinutes(1)).Arguments);
    }

    [Fact]
    public void NewestReport_OlderReportsOnly_NullThenTheNewOne()
    {
        var run = new MicroBenchRun(_temp.Path, ["*"], defaultJob: false, TimeSpan.FromMinutes(1));
        var results = Directory.CreateDirectory(run.ResultsDirectory).FullName;
        var old = Path.Combine(results, "BenchmarkRun-joined-old-report.csv");
        File.WriteAllText(old, "Method,Mean\n");
        File.SetLastWriteTimeUtc(old, TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(-1));
        var started = TimeProvider.System.GetUtcNow().UtcDateTime;

        Assert.Null(run.NewestReport(started));
        var fresh = Path.Combine(results, "BenchmarkRun-joined-new-report.csv");
        File.WriteAllText(fresh, "Method,Mean\n");
        Assert.Equal(fresh, run.NewestReport(started));
    }

    [Fact]
    public async Task Micro_UnknownJob_Usage()
    {
        var (exit, output) = await InProcessBench.RunAsync(_temp.Combine("data"), "bench", "micro", "--job", "forever");

        Assert.NotEqual(ExitCodes.Success, exit);
        Assert.Contains("forever", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Micro_CheckoutWithoutTheBenchmarkProject_ErrorNamingTheReport()
    {
        var (exit, output) = await InProcessBench.RunAsync(_temp.Combine("data"), "bench", "micro", "--repo", _temp.Path, "--timeout-minutes", "2");

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Contains("wrote no CSV report", output, StringComparison.Ordinal);
        Assert.DoesNotContain("RESULT", output, StringComparison.Ordinal);
    }
}
