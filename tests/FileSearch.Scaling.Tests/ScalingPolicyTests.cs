using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Scaling.Tests;

/// <summary>The seed's scale-out scenarios (tests/autoscaling/test_scale_out.py) and the target-tracking rule.</summary>
[Trait("Category", "Unit")]
public sealed class ScalingPolicyTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    internal static ScalingPolicy CreateSut(TimeProvider time, Action<ScalingPolicyOptions>? configure = null)
    {
        var options = new ScalingPolicyOptions();
        configure?.Invoke(options);
        return new ScalingPolicy(Options.Create(options), time);
    }

    internal static ScalingInputs Inputs(long visible, int capacity, int busy = 0, TimeSpan? oldest = null, TimeSpan? processing = null) =>
        new(visible, 0, capacity,
            [.. Enumerable.Range(0, capacity).Select(i => new InstanceState($"i-{i:D3}", DateTimeOffset.UnixEpoch.AddHours(i), i < busy ? 1 : 0))],
            oldest, processing);

    [Theory]
    [InlineData(5, 1)]
    [InlineData(15, 2)]
    [InlineData(30, 3)]
    [InlineData(50, 5)]
    [InlineData(100, 10)]
    [InlineData(0, 0)]
    public void CalculateRequiredInstances_TenMessagesPerInstance_SeedTable(long depth, int expected)
    {
        var sut = CreateSut(_time, o => o.MessagesPerInstance = 10);

        Assert.Equal(expected, sut.CalculateRequiredInstances(depth));
    }

    [Fact]
    public void Evaluate_FifteenMessagesAboveThresholdWithTwoInstances_ScaleOutWithDepth15()
    {
        var sut = CreateSut(_time, o => o.MessagesPerInstance = 10);

        var decision = sut.Evaluate(Inputs(visible: 15, capacity: 1));

        Assert.Equal("SCALE_OUT", decision.ActionName);
        Assert.Equal("SUCCESS", decision.StatusName);
        Assert.Equal(15, decision.CurrentQueueDepth);
        Assert.Equal(2, decision.DesiredCapacity);
    }

    [Fact]
    public void CalculateScaleOutCapacity_IncrementTwoFromTwoTowardsTen_Four()
    {
        var sut = CreateSut(_time, o => o.ScaleOutIncrement = 2);

        Assert.Equal(4, sut.CalculateScaleOutCapacity(current: 2, target: 10));
    }

    [Fact]
    public void CalculateScaleOutCapacity_OldestMessageOlderThanUrgentAge_JumpsToTarget()
    {
        var sut = CreateSut(_time, o => o.UrgentMessageAge = TimeSpan.FromMinutes(10));

        Assert.Equal(10, sut.CalculateScaleOutCapacity(2, 10, TimeSpan.FromMinutes(11)));
        Assert.Equal(4, sut.CalculateScaleOutCapacity(2, 10, TimeSpan.FromMinutes(9)));
    }

    [Fact]
    public void CalculateScaleOutCapacity_TargetAboveMax_CappedAtMax()
    {
        var sut = CreateSut(_time, o => (o.MaxCapacity, o.ScaleOutIncrement) = (10, 0));

        Assert.Equal(10, sut.CalculateScaleOutCapacity(2, 40));
    }

    [Fact]
    public void RequestCapacity_SecondRequestInsideCooldown_CooldownNamingThePeriod()
    {
        var sut = CreateSut(_time, o => o.Cooldown = TimeSpan.FromSeconds(300));

        var first = sut.RequestCapacity(2, 4, 40, "test");
        var second = sut.RequestCapacity(4, 6, 40, "test");

        Assert.Equal("SUCCESS", first.StatusName);
        Assert.Equal(4, first.DesiredCapacity);
        Assert.Equal("COOLDOWN", second.StatusName);
        Assert.Equal(4, second.DesiredCapacity);
        Assert.Contains("cooldown period", second.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("300 s", second.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestCapacity_AfterCooldownPassed_Success()
    {
        var sut = CreateSut(_time);
        sut.RequestCapacity(2, 4, 40, "test");

        _time.Advance(TimeSpan.FromSeconds(299));
        Assert.Equal(ScalingStatus.Cooldown, sut.RequestCapacity(4, 6, 40, "test").Status);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ScalingStatus.Success, sut.RequestCapacity(4, 6, 40, "test").Status);
    }

    [Fact]
    public void RequestCapacity_SameCapacity_NoChangeAndNoCooldownStarted()
    {
        var sut = CreateSut(_time);

        Assert.Equal(ScalingStatus.NoChange, sut.RequestCapacity(3, 3, 0, "test").Status);
        Assert.Equal(ScalingStatus.Success, sut.RequestCapacity(3, 5, 0, "test").Status);
    }

    [Fact]
    public void Evaluate_TargetTracking_BacklogIsLatencyOverProcessingTime()
    {
        var sut = CreateSut(_time, o =>
        {
            o.Mode = ScalingMode.TargetTracking;
            o.AcceptableLatency = TimeSpan.FromMinutes(10);
            o.MessagesInParallelPerInstance = 4;
            (o.MaxCapacity, o.ScaleOutIncrement) = (20, 0);
        });

        // 600 s / 60 s = 10 per slot, 4 slots = 40 per instance: 1000 messages need 25, capped at 20.
        Assert.Equal(40, sut.BacklogPerInstance(TimeSpan.FromSeconds(60)));
        Assert.Equal(25, sut.CalculateRequiredInstances(1000, TimeSpan.FromSeconds(60)));
        var decision = sut.Evaluate(Inputs(visible: 1000, capacity: 1, processing: TimeSpan.FromSeconds(60)));
        Assert.Equal(20, decision.DesiredCapacity);
    }

    [Fact]
    public void BacklogPerInstance_TargetTrackingWithoutMeasurement_UsesDefaultProcessingTime()
    {
        var sut = CreateSut(_time, o =>
        {
            o.Mode = ScalingMode.TargetTracking;
            o.AcceptableLatency = TimeSpan.FromSeconds(100);
            o.DefaultProcessingTime = TimeSpan.FromSeconds(10);
            o.MessagesInParallelPerInstance = 1;
        });

        Assert.Equal(10, sut.BacklogPerInstance());
        Assert.Equal(1, sut.BacklogPerInstance(TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Evaluate_BelowMinCapacity_ScalesOutToMin()
    {
        var sut = CreateSut(_time, o => o.MinCapacity = 2);

        var decision = sut.Evaluate(Inputs(visible: 0, capacity: 0));

        Assert.Equal(ScalingAction.ScaleOut, decision.Action);
        Assert.Equal(2, decision.DesiredCapacity);
    }

    [Fact]
    public void Evaluate_AtMaxWithDeepQueue_NoChange()
    {
        var sut = CreateSut(_time, o => o.MaxCapacity = 3);

        var decision = sut.Evaluate(Inputs(visible: 500, capacity: 3, busy: 3));

        Assert.Equal(ScalingAction.None, decision.Action);
        Assert.Equal(3, decision.DesiredCapacity);
    }

    [Fact]
    public void Evaluate_SecondScaleOutInsideCooldown_Cooldown()
    {
        var sut = CreateSut(_time);

        Assert.Equal(ScalingStatus.Success, sut.Evaluate(Inputs(visible: 100, capacity: 2)).Status);
        _time.Advance(TimeSpan.FromMinutes(1));
        var second = sut.Evaluate(Inputs(visible: 100, capacity: 4));

        Assert.Equal(ScalingAction.ScaleOut, second.Action);
        Assert.Equal(ScalingStatus.Cooldown, second.Status);
        Assert.Equal(4, second.DesiredCapacity);
    }
}
