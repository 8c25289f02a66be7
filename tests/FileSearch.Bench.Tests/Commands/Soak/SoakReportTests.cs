using FileSearch.Bench.Commands.Soak;
using FileSearch.Bench.Commands.Soak.Faults;

namespace FileSearch.Bench.Tests.Commands.Soak;

[Trait("Category", "Unit")]
public sealed class SoakReportTests
{
    private static readonly Dictionary<string, int> Tally = new(StringComparer.Ordinal)
    {
        ["retries"] = 4321,
        ["chaos:fault"] = 812,
        ["chaos:outage"] = 57,
        ["circuit-open"] = 3,
    };

    [Fact]
    public void ResultLine_PassedRun_SaysInputsOutcomeKillsAndEveryFault()
    {
        var outcome = new SoakOutcome(1000, 980, 0, 0, 20, []);
        var run = new SoakRun(3, TimeSpan.FromSeconds(20), 0.1, Tally, new WireFaultCounts(512, 20480, 1010, 1003, 998), TimeSpan.FromSeconds(1234.4));

        Assert.Equal(
            "RESULT soak files=1000 indexed=980 lost=0 duplicated=0 dlq=20 wrong_dlq=0 kills=3 outage_s=20 fault_rate=0.1 injected_faults=812 " +
            "retries=4321 wire_exchanges=20480 wire_resets=1010 wire_dropped_replies=1003 wire_delays=998 seconds=1234 passed=true",
            SoakReport.ResultLine(outcome, run));
    }

    [Fact]
    public void ResultLine_LostDuplicatedAndWronglyDeadLettered_CountsThemAndFails()
    {
        var outcome = new SoakOutcome(24, 18, 1, 2, 5, ["1 lost", "2 duplicated", "2 dead-lettered but not poison"]) { WronglyDeadLettered = 2 };
        var run = new SoakRun(1, TimeSpan.FromSeconds(6.5), 0.1, new Dictionary<string, int>(), new WireFaultCounts(0, 0, 0, 0, 0), TimeSpan.FromSeconds(41.6));

        Assert.Equal(
            "RESULT soak files=24 indexed=18 lost=1 duplicated=2 dlq=5 wrong_dlq=2 kills=1 outage_s=6.5 fault_rate=0.1 injected_faults=0 " +
            "retries=0 wire_exchanges=0 wire_resets=0 wire_dropped_replies=0 wire_delays=0 seconds=42 passed=false",
            SoakReport.ResultLine(outcome, run));
    }
}
