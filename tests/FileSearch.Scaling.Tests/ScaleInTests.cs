using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Scaling.Tests;

/// <summary>The seed's scale-in scenarios (tests/autoscaling/test_scale_in.py).</summary>
[Trait("Category", "Unit")]
public sealed class ScaleInTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);

    private ScalingPolicy CreateSut(int min = 1) => ScalingPolicyTests.CreateSut(_time, o =>
    {
        o.ScaleInThreshold = 2;
        o.Cooldown = TimeSpan.FromSeconds(300);
        o.ScaleInWindow = TimeSpan.FromMinutes(5);
        o.MinCapacity = min;
    });

    [Fact]
    public void IsSustainedLow_SeedHistoryOverFiveMinutes_True()
    {
        Assert.True(ScalingPolicy.IsSustainedLow([1, 1, 0, 1, 0], threshold: 2, sustainedMinutes: 5));
        Assert.False(ScalingPolicy.IsSustainedLow([1, 1, 2, 1, 0], threshold: 2, sustainedMinutes: 5));
        Assert.False(ScalingPolicy.IsSustainedLow([1, 0, 1, 0], threshold: 2, sustainedMinutes: 5));
    }

    [Fact]
    public void Evaluate_SeedHistoryOneSampleAMinute_ScalesInOnlyAtTheFifthSample()
    {
        var sut = CreateSut();
        long[] history = [1, 1, 0, 1, 0];
        var decisions = new List<ScalingDecision>();
        foreach (var depth in history)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            decisions.Add(sut.Evaluate(ScalingPolicyTests.Inputs(depth, capacity: 3)));
        }

        Assert.All(decisions.Take(4), d => Assert.Equal(ScalingAction.None, d.Action));
        Assert.Equal("SCALE_IN", decisions[4].ActionName);
        Assert.Equal(ScalingStatus.Success, decisions[4].Status);
        Assert.Equal(1, decisions[4].DesiredCapacity);
    }

    [Fact]
    public void Evaluate_DepthRisesInsideWindow_WindowRestarts()
    {
        var sut = CreateSut();
        long[] history = [1, 1, 5, 1, 0, 0, 0];
        ScalingDecision? last = null;
        var scaledInAt = -1;
        for (var i = 0; i < history.Length; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            last = sut.Evaluate(ScalingPolicyTests.Inputs(history[i], capacity: 3));
            if (last.Action == ScalingAction.ScaleIn && scaledInAt < 0)
            {
                scaledInAt = i;
            }
        }

        Assert.Equal(-1, scaledInAt);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(ScalingAction.ScaleIn, sut.Evaluate(ScalingPolicyTests.Inputs(0, capacity: 3)).Action);
    }

    [Fact]
    public void CalculateScaleInCapacity_AtMinimum_StaysAtMinimum()
    {
        var sut = CreateSut(min: 1);

        Assert.Equal(1, sut.CalculateScaleInCapacity(current: 1, target: 0));
        Assert.Equal(2, sut.CalculateScaleInCapacity(current: 5, target: 2));
    }

    [Fact]
    public void Evaluate_LowForLongAtMinimum_NeverBelowMin()
    {
        var sut = CreateSut(min: 1);
        for (var i = 0; i < 30; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            var decision = sut.Evaluate(ScalingPolicyTests.Inputs(0, capacity: 1));
            Assert.Equal(ScalingAction.None, decision.Action);
            Assert.Equal(1, decision.DesiredCapacity);
        }
    }

    [Fact]
    public void GetTerminationCandidates_ThreeInstances_OldestFirst()
    {
        InstanceState[] instances =
        [
            new("i-003", Start.AddHours(-1), 0),
            new("i-001", Start.AddHours(-5), 0),
            new("i-002", Start.AddHours(-2), 0),
        ];

        var order = ScalingPolicy.GetTerminationCandidates(instances);

        Assert.Equal(["i-001", "i-002", "i-003"], order.Select(i => i.InstanceId));
    }

    [Fact]
    public void GetTerminationCandidates_OneBusyOneIdle_OnlyIdle()
    {
        InstanceState[] instances = [new("i-001", Start, 5), new("i-002", Start, 0)];

        var safe = ScalingPolicy.GetTerminationCandidates(instances);

        Assert.Equal("i-002", Assert.Single(safe).InstanceId);
    }

    [Fact]
    public void Evaluate_SustainedLowButOneIdleInstance_TerminatesOnlyTheIdleOldest()
    {
        var sut = CreateSut(min: 1);
        InstanceState[] instances = [new("i-new", Start.AddHours(-1), 0), new("i-busy", Start.AddHours(-9), 1), new("i-old", Start.AddHours(-3), 0)];
        ScalingDecision decision = null!;
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            decision = sut.Evaluate(new ScalingInputs(0, 1, 3, instances));
        }

        Assert.Equal(ScalingAction.ScaleIn, decision.Action);
        Assert.Equal(1, decision.DesiredCapacity);
        Assert.Equal(["i-old", "i-new"], decision.TerminationCandidates.Select(i => i.InstanceId));
    }

    [Fact]
    public void Evaluate_SustainedLowAllBusy_NoChange()
    {
        var sut = CreateSut(min: 1);
        ScalingDecision decision = null!;
        for (var i = 0; i < 6; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            decision = sut.Evaluate(ScalingPolicyTests.Inputs(0, capacity: 2, busy: 2));
        }

        Assert.Equal(ScalingAction.None, decision.Action);
        Assert.Contains("busy", decision.Reason, StringComparison.Ordinal);
    }
}
