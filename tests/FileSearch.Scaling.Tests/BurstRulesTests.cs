using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Scaling.Tests;

/// <summary>Target tracking's burst rules: the sudden-backlog step, the age step while the head stands still, and the
/// burst's scale-in window.</summary>
[Trait("Category", "Scaling")]
public sealed class BurstRulesTests
{
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    // 600 s / 10 s × 4 slots = 240 messages per instance; one instance clears 24 messages a minute.
    private ScalingPolicy CreateSut(Action<ScalingPolicyOptions>? configure = null) => ScalingPolicyTests.CreateSut(_time, o =>
    {
        o.Mode = ScalingMode.TargetTracking;
        (o.MaxCapacity, o.ScaleOutIncrement, o.MessagesInParallelPerInstance, o.Cooldown) = (20, 0, 4, TimeSpan.FromSeconds(60));
        configure?.Invoke(o);
    });

    private static ScalingInputs Inputs(long visible, int capacity, TimeSpan? oldest = null, int inService = -1, int busy = 0) =>
        ScalingPolicyTests.Inputs(visible, inService < 0 ? capacity : inService, busy, oldest, Measured) with { CurrentCapacity = capacity };

    [Fact]
    public void Options_Defaults_BurstRulesOnWithTheDocumentedValues()
    {
        var options = new ScalingPolicyOptions();

        Assert.Equal(10, options.SuddenBacklogRatio);
        Assert.Equal(TimeSpan.FromMinutes(1), options.OldestMessageAgeStep);
        Assert.Equal(0.9, options.OldestMessageAgeGrowth);
        Assert.Equal(4, options.BurstScaleOutFactor);
        Assert.Equal(TimeSpan.FromMinutes(2), options.BurstScaleInWindow);
    }

    [Theory]
    [InlineData(0, 500, 12)] // backlog asks for 3; a rise of 500 > 10 × 24: 3 × 4
    [InlineData(300, 500, 0)] // a rise of 200 is within ten minutes' worth of what the instance clears
    [InlineData(0, 240, 0)] // a jump the current instance holds at the backlog target: nothing to step on
    public void RequiredForSuddenBacklog_DepthRiseAgainstWhatInServiceClear_BacklogCountTimesFactorOrZero(long before, long after, int expected)
    {
        var sut = CreateSut();
        sut.Evaluate(Inputs(before, capacity: 1));
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(expected, sut.RequiredForSuddenBacklog(Inputs(after, capacity: 1)));
    }

    [Fact]
    public void RequiredForSuddenBacklog_FirstEvaluationOrNoInstanceInServiceOrOff_Zero()
    {
        var sut = CreateSut();
        Assert.Equal(0, sut.RequiredForSuddenBacklog(Inputs(1000, capacity: 1)));

        sut.Evaluate(Inputs(0, capacity: 1));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, sut.RequiredForSuddenBacklog(Inputs(1000, capacity: 1, inService: 0)));

        var off = CreateSut(o => o.SuddenBacklogRatio = null);
        off.Evaluate(Inputs(0, capacity: 1));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, off.RequiredForSuddenBacklog(Inputs(1000, capacity: 1)));
    }

    [Theory]
    [InlineData(0, 60, 20)] // the same message at the head for a minute: 5 × 4
    [InlineData(3, 60, 20)] // 3 s short of the clock is within the 10 % tolerance
    [InlineData(30, 60, 0)] // the head moved: the workers took older messages
    [InlineData(0, 300, 0)] // jumped further than the clock: a message redelivered after an instance vanished
    public void RequiredForAge_AgeGrowthSinceLastEvaluation_StepOnlyWhileTheHeadStandsStill(int beforeSeconds, int afterSeconds, int expected)
    {
        var sut = CreateSut(o => o.SuddenBacklogRatio = null);
        // Five instances wanted, one in service (four still booting); 980 waiting, far more than one instance clears a minute.
        sut.Evaluate(Inputs(980, capacity: 5, TimeSpan.FromSeconds(beforeSeconds), inService: 1, busy: 1));
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(expected, sut.RequiredForAge(Inputs(980, capacity: 5, TimeSpan.FromSeconds(afterSeconds), inService: 1, busy: 1)));
    }

    [Fact]
    public void RequiredForAge_HeadStillForTwoMinutes_FactorPerMinuteStoodStill()
    {
        var sut = CreateSut(o => (o.SuddenBacklogRatio, o.MaxCapacity) = (null, 100));
        sut.Evaluate(Inputs(980, capacity: 2, TimeSpan.Zero));
        _time.Advance(TimeSpan.FromMinutes(1));
        sut.Evaluate(Inputs(970, capacity: 2, TimeSpan.FromMinutes(1)));
        _time.Advance(TimeSpan.FromMinutes(1));

        // The same message at the head for two minutes: capacity 2 × 4 × 4.
        Assert.Equal(32, sut.RequiredForAge(Inputs(960, capacity: 2, TimeSpan.FromMinutes(2))));
    }

    [Theory]
    [InlineData(24, 0)] // one in-service instance clears 24 in a minute at 10 s: not behind
    [InlineData(25, 20)]
    public void RequiredForAge_HeadStillButFewWaiting_ZeroUntilMoreWaitThanAStepClears(long visible, int expected)
    {
        var sut = CreateSut(o => o.SuddenBacklogRatio = null);
        sut.Evaluate(Inputs(visible, capacity: 5, TimeSpan.Zero, inService: 1));
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(expected, sut.RequiredForAge(Inputs(visible, capacity: 5, TimeSpan.FromMinutes(1), inService: 1)));
    }

    [Fact]
    public void RequiredForAge_GrowthCheckOff_FactorPerStepOfAgeAlone()
    {
        var sut = CreateSut(o => (o.SuddenBacklogRatio, o.OldestMessageAgeGrowth, o.BurstScaleOutFactor) = (null, 0, 2));

        // No earlier evaluation needed: 2 full minutes of age double 5 twice.
        Assert.Equal(20, sut.RequiredForAge(Inputs(980, capacity: 5, TimeSpan.FromSeconds(150), inService: 1)));
    }

    [Fact]
    public void RequiredForAge_FixedModeOrStepOff_Zero()
    {
        var fixedMode = ScalingPolicyTests.CreateSut(_time, o => o.OldestMessageAgeGrowth = 0);
        var off = CreateSut(o => (o.OldestMessageAgeStep, o.OldestMessageAgeGrowth) = (null, 0));
        var inputs = Inputs(980, capacity: 1, TimeSpan.FromMinutes(5));

        Assert.Equal(0, fixedMode.RequiredForAge(inputs));
        Assert.Equal(0, off.RequiredForAge(inputs));
    }

    [Fact]
    public void Evaluate_BurstOfSlowFiles_SuddenBacklogThenAgeReachMaxWhereTheBacklogAloneAsksForThree()
    {
        var sut = CreateSut();
        sut.Evaluate(Inputs(0, capacity: 1, inService: 1));
        _time.Advance(TimeSpan.FromMinutes(1));

        // 1,000 scans land: at the measured 10 s the backlog asks for 5 (240 per instance), the jump for 5 × 4.
        var jump = sut.Evaluate(Inputs(1000, capacity: 1, TimeSpan.Zero));
        Assert.Equal((ScalingStatus.Success, 20), (jump.Status, jump.DesiredCapacity));
        Assert.StartsWith("burst: queue depth 1000", jump.Reason, StringComparison.Ordinal);

        var backlogOnly = CreateSut(o => (o.SuddenBacklogRatio, o.OldestMessageAgeStep) = (null, null));
        backlogOnly.Evaluate(Inputs(0, capacity: 1));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(5, backlogOnly.Evaluate(Inputs(1000, capacity: 1, TimeSpan.Zero)).DesiredCapacity);
    }

    [Fact]
    public void Evaluate_BurstWithAScaleOutIncrement_BurstCountAskedAtOnceWhileTheBacklogKeepsTheIncrement()
    {
        var sut = CreateSut(o => o.ScaleOutIncrement = 2);
        sut.Evaluate(Inputs(0, capacity: 1));
        _time.Advance(TimeSpan.FromMinutes(1));

        // The burst steps' 20 at once: with the increment, 1 → 3 would leave the burst a minute or two behind.
        Assert.Equal(20, sut.Evaluate(Inputs(1000, capacity: 1, TimeSpan.Zero)).DesiredCapacity);

        // A backlog that grows slowly (no step) still goes up by the increment.
        var slow = CreateSut(o => o.ScaleOutIncrement = 2);
        Assert.Equal(3, slow.Evaluate(Inputs(1000, capacity: 1, TimeSpan.FromSeconds(10))).DesiredCapacity);
    }

    [Fact]
    public void Evaluate_AfterBurstScaleOut_ScalesInAfterTheBurstWindowNotTheFullOne()
    {
        var sut = CreateSut();
        sut.Evaluate(Inputs(0, capacity: 1));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(20, sut.Evaluate(Inputs(1000, capacity: 1, TimeSpan.Zero)).DesiredCapacity);

        var decisions = new List<ScalingDecision>();
        for (var minute = 0; minute < 3; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            decisions.Add(sut.Evaluate(Inputs(0, capacity: 20, busy: 1)));
        }

        Assert.Equal(ScalingAction.None, decisions[0].Action);
        Assert.Equal((ScalingAction.ScaleIn, ScalingStatus.Success, 1), (decisions[1].Action, decisions[1].Status, decisions[1].DesiredCapacity));
        Assert.Contains("(2 min window)", decisions[1].Reason, StringComparison.Ordinal);
        Assert.Equal(19, decisions[1].TerminationCandidates.Count);
    }

    [Fact]
    public void Evaluate_AfterBacklogScaleOut_ScaleInWaitsForTheFullWindow()
    {
        var sut = CreateSut();
        // 600 waiting, no earlier evaluation to jump from: the backlog alone asks for 3.
        Assert.Equal(3, sut.Evaluate(Inputs(600, capacity: 1, TimeSpan.FromSeconds(10))).DesiredCapacity);

        var scaledInAfter = 0;
        for (var minute = 1; minute <= 6 && scaledInAfter == 0; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            scaledInAfter = sut.Evaluate(Inputs(0, capacity: 3)).Action == ScalingAction.ScaleIn ? minute : 0;
        }

        Assert.Equal(5, scaledInAfter);
    }
}
