using System.Diagnostics;
using System.Text.RegularExpressions;
using FileSearch.Testing;
using FileSearch.Testing.StandIns;

namespace FileSearch.Bench.Tests.EndToEnd;

/// <summary>
/// The chaos soak at CI size, as a user runs it: 24 inputs (3 poison) through its own fauxqs and dynalite, 10 % injected
/// faults on every dependency, throttling on embeddings, a 6 s index outage and one SIGKILL of the worker. The soak runs
/// in this process (the worker is its child process), so its own code is measured too.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ConsoleCollection.Name)]
public sealed partial class ChaosSoakTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-soak");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Soak_24FilesOneKill_NothingLostOrDuplicatedAndOnlyPoisonDeadLettered()
    {
        var repository = Path.GetFullPath(Path.Combine(AwsStandIns.Directory, "..", ".."));
        var clock = Stopwatch.StartNew();

        var (exitCode, output) = await InProcessBench.RunAsync(_temp.Path,
            "soak", "--files", "24", "--kills", "1", "--outage", "6", "--outage-at", "8", "--timeout", "2", "--repo", repository);

        var result = ResultLine().Match(output);
        Assert.True(result.Success, output);
        Assert.True(exitCode == 0, output);
        Assert.Equal("RESULT soak files=24 indexed=21 lost=0 duplicated=0 dlq=3 wrong_dlq=0 kills=1 wire_resets=0 wire_dropped_replies=0 wire_delays=0", result.Value.TrimEnd());
        Assert.Matches(@"injected faults\W+[1-9]", output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"soak took {clock.Elapsed}");
    }

    [GeneratedRegex(@"^RESULT soak .*$", RegexOptions.Multiline)]
    private static partial Regex ResultLine();
}
