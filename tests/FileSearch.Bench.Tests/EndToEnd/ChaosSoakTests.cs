using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using FileSearch.Testing;
using FileSearch.Testing.StandIns;

namespace FileSearch.Bench.Tests.EndToEnd;

/// <summary>
/// The chaos soak at CI size, as a user runs it: inputs (3 poison) through its own fauxqs and dynalite, 10 % injected
/// faults on every dependency, throttling on embeddings, a short index outage and one SIGKILL of the worker; once
/// with a clean wire and once with the wire between the worker and the stand-ins breaking (resets, dropped replies,
/// delays). The soak runs in this process (the worker is its child process), so its own code is measured too.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ConsoleCollection.Name)]
public sealed partial class ChaosSoakTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-soak");

    public void Dispose() => _temp.Dispose();

    private static string Repository => Path.GetFullPath(Path.Combine(AwsStandIns.Directory, "..", ".."));

    [Fact]
    public async Task Soak_24FilesOneKill_NothingLostOrDuplicatedAndOnlyPoisonDeadLettered()
    {
        var clock = Stopwatch.StartNew();

        var (exitCode, output) = await InProcessBench.RunAsync(_temp.Path,
            "soak", "--files", "24", "--kills", "1", "--outage", "6", "--outage-at", "8", "--timeout", "2", "--repo", Repository);

        var result = Result(output);
        Assert.True(exitCode == 0, output);
        Assert.Equal(("24", "21", "0", "0", "3", "0", "1"),
            (result["files"], result["indexed"], result["lost"], result["duplicated"], result["dlq"], result["wrong_dlq"], result["kills"]));
        Assert.Equal(("6", "0.1", "true"), (result["outage_s"], result["fault_rate"], result["passed"]));
        Assert.Equal(("0", "0", "0", "0"), (result["wire_exchanges"], result["wire_resets"], result["wire_dropped_replies"], result["wire_delays"]));
        Assert.True(Count(result, "injected_faults") > 0 && Count(result, "retries") > 0, output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"soak took {clock.Elapsed}");
    }

    [Fact]
    public async Task Soak_30FilesOneKillWireFaults_NothingLostOrDuplicatedAndOnlyPoisonDeadLettered()
    {
        var clock = Stopwatch.StartNew();

        var (exitCode, output) = await InProcessBench.RunAsync(_temp.Path,
            "soak", "--files", "30", "--kills", "1", "--outage", "5", "--outage-at", "8", "--wire-faults", "0.05", "--timeout", "2", "--repo", Repository);

        var result = Result(output);
        Assert.True(exitCode == 0, output);
        Assert.Equal(("30", "27", "0", "0", "3", "0", "1", "true"),
            (result["files"], result["indexed"], result["lost"], result["duplicated"], result["dlq"], result["wrong_dlq"], result["kills"], result["passed"]));
        Assert.True(Count(result, "wire_resets") > 0 && Count(result, "wire_dropped_replies") > 0 && Count(result, "wire_delays") > 0, output);
        Assert.True(Count(result, "injected_faults") > 0, output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"soak took {clock.Elapsed}");
    }

    /// <summary>The fields of the RESULT line, which must be the last line of the output.</summary>
    private static Dictionary<string, string> Result(string output)
    {
        var line = Assert.Single(ResultLine().Matches(output)).Value.TrimEnd();
        Assert.EndsWith(line, output.TrimEnd(), StringComparison.Ordinal);
        return line["RESULT soak ".Length..].Split(' ').Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
    }

    private static long Count(Dictionary<string, string> result, string name) => long.Parse(result[name], CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^RESULT soak .*$", RegexOptions.Multiline)]
    private static partial Regex ResultLine();
}
