using FileSearch.Bench.Commands.Bench.Pipeline;

namespace FileSearch.Bench.Tests.Commands.Bench.Pipeline;

/// <summary>How many rounds a type of <c>bench pipeline --per-type</c> runs, and how its rounds are shown.</summary>
[Trait("Category", "Unit")]
public sealed class PerTypeRunTests
{
    private static readonly TimeSpan TwoSeconds = TimeSpan.FromSeconds(2);

    [Fact]
    public void NeedsAnother_FewerThanAskedFor_True()
    {
        Assert.True(PerTypeRun.NeedsAnother(Rounds(2, baselineMs: 5_000), rounds: 3, TwoSeconds));
    }

    [Fact]
    public void NeedsAnother_LongRoundsAsManyAsAskedFor_False()
    {
        Assert.False(PerTypeRun.NeedsAnother(Rounds(3, baselineMs: 700), rounds: 3, TwoSeconds));
    }

    [Fact]
    public void NeedsAnother_ShortRounds_MoreUntilTheBaselineAddsUpToTheTime()
    {
        // A lone note: 25 ms a round on the baseline's side; 80 rounds would make 2 s, the cap stops at 41.
        Assert.True(PerTypeRun.NeedsAnother(Rounds(5, baselineMs: 25), rounds: 5, TwoSeconds));
        Assert.True(PerTypeRun.NeedsAnother(Rounds(PerTypeRun.MaxRounds - 1, baselineMs: 25), rounds: 5, TwoSeconds));
        Assert.False(PerTypeRun.NeedsAnother(Rounds(PerTypeRun.MaxRounds, baselineMs: 25), rounds: 5, TwoSeconds));
        Assert.False(PerTypeRun.NeedsAnother(Rounds(20, baselineMs: 100), rounds: 5, TwoSeconds));
    }

    [Fact]
    public void NeedsAnother_NoMinimumTime_ExactlyTheRoundsAskedFor()
    {
        Assert.False(PerTypeRun.NeedsAnother(Rounds(2, baselineMs: 25), rounds: 2, TimeSpan.Zero));
    }

    [Fact]
    public void PerRound_FewRounds_EachRatio()
    {
        Assert.Equal("0.5 1.12 1", PerTypeRun.PerRound([0.5, 1.123, 1.0]));
    }

    [Fact]
    public void PerRound_ManyRounds_RangeAndMiddleHalf()
    {
        double[] ratios = [1.3, 0.5, 1.1, 1.0, 0.9, 1.2, 1.05, 1.15, 0.95, 1.25, 0.8, 1.08];

        // Sorted: 0.5 0.8 0.9 0.95 1.0 1.05 1.08 1.1 1.15 1.2 1.25 1.3; quartiles at 3 and 9.
        Assert.Equal("0.5-1.3, middle half 0.95-1.2", PerTypeRun.PerRound(ratios));
    }

    private static List<PerTypeRun.Round> Rounds(int count, int baselineMs) =>
        [.. Enumerable.Range(0, count).Select(_ => new PerTypeRun.Round(Figures("pipeline", baselineMs), Figures("baseline", baselineMs), []))];

    private static RunFigures Figures(string name, int wallMs) =>
        new(name, TimeSpan.FromMilliseconds(wallMs), TimeSpan.Zero, [], 0, new Dictionary<string, StoredDocument>(StringComparer.Ordinal));
}
