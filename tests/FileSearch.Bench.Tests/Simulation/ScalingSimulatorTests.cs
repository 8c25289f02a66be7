using FileSearch.Bench.Simulation;

namespace FileSearch.Bench.Tests.Simulation;

[Trait("Category", "Unit")]
public sealed class ScalingSimulatorTests
{
    private static readonly TimeSpan Target = TimeSpan.FromMinutes(15);

    private static SimulationOptions Options(double interruptionsPerHour = 0) => new()
    {
        InstanceConcurrency = 4,
        BootTime = TimeSpan.FromSeconds(60),
        SpotInterruptionsPerInstanceHour = interruptionsPerHour,
        LatencyTarget = Target,
    };

    private static WorkloadProfile BurstOnly(int count = 1000) => WorkloadProfile.Create("burst-only", TimeSpan.FromMinutes(1),
        Enumerable.Range(0, count).Select(_ => new Arrival(TimeSpan.Zero, ProcessingTimes.Scan, TimeSpan.FromSeconds(60))));

    [Fact]
    public void Run_ThousandSixtySecondMessagesTargetTrackingMax20_ClearedWithinFifteenMinutes()
    {
        var result = ScalingSimulator.Run(BurstOnly(), "target-tracking", ScalingSimulator.TargetTrackingPolicy(1, 20, 4), Options());

        Assert.Equal(1000, result.Processed);
        Assert.True(result.MaxAge <= Target, $"last file indexed after {result.MaxAge}");
        Assert.Equal(0, result.SloViolationMinutes);
        Assert.Equal(20, result.Samples.Max(s => s.Instances));
    }

    [Fact]
    public void Run_BurstProfileTargetTracking_NoMinuteOverTargetForAtMostFivePercentMoreInstanceHours()
    {
        var tracking = ScalingSimulator.TargetTrackingWithAgePolicy(1, 20, 4);
        var backlogOnly = ScalingSimulator.TargetTrackingPolicy(1, 20, 4);
        var options = new SimulationOptions();

        var withAge = ScalingSimulator.Run(WorkloadProfile.Burst(), "target-tracking", tracking, options);
        var without = ScalingSimulator.Run(WorkloadProfile.Burst(), "target-tracking", backlogOnly, options);

        Assert.Equal(withAge.Arrived, withAge.Processed);
        Assert.True(without.SloViolationMinutes > 0, "the backlog alone trails the burst of scans");
        Assert.Equal(0, withAge.SloViolationMinutes);
        // Reaching 20 instances three minutes sooner costs about 10 instance-minutes (7.83 against 7.67 hours).
        Assert.True(withAge.InstanceHours <= without.InstanceHours * 1.05, $"{withAge.InstanceHours:F2} against {without.InstanceHours:F2} instance-hours");
    }

    [Fact]
    public void Run_SameBurstSeedFixedPolicy_MissesTheTargetAndCostsLessPeak()
    {
        var result = ScalingSimulator.Run(BurstOnly(), "fixed", ScalingSimulator.SeedFixedPolicy(1, 20), Options());

        Assert.Equal(1000, result.Processed);
        Assert.True(result.MaxAge > Target);
        Assert.True(result.SloViolationMinutes > 0);
    }

    [Fact]
    public void Run_AfterBurst_ScaleInOnlyAfterSustainedWindowAndNeverBelowMin()
    {
        var policy = ScalingSimulator.TargetTrackingPolicy(2, 20, 4);
        var profile = WorkloadProfile.Create("burst-then-idle", TimeSpan.FromHours(1),
            Enumerable.Range(0, 400).Select(_ => new Arrival(TimeSpan.Zero, ProcessingTimes.Scan, TimeSpan.FromSeconds(60))));

        var result = ScalingSimulator.Run(profile, "target-tracking", policy, Options());

        var samples = result.Samples;
        Assert.All(samples, s => Assert.True(s.Instances >= 2, $"{s.Instances} instances at {s.At}"));
        var firstDrop = Enumerable.Range(1, samples.Count - 1).First(i => samples[i].Instances < samples[i - 1].Instances);
        var lowSince = Enumerable.Range(0, firstDrop).Last(i => samples[i].Visible >= policy.ScaleInThreshold) + 1;
        Assert.True(samples[firstDrop].At - samples[lowSince].At >= policy.ScaleInWindow - policy.EvaluationPeriod,
            $"scaled in at {samples[firstDrop].At}, low since {samples[lowSince].At}");
        Assert.Equal(2, samples[^1].Instances);
    }

    [Fact]
    public void Run_FrequentSpotInterruptions_EveryMessageProcessed()
    {
        var profile = WorkloadProfile.Burst(seed: 7, burstCount: 300);

        var result = ScalingSimulator.Run(profile, "target-tracking", ScalingSimulator.TargetTrackingPolicy(1, 20, 4), Options(interruptionsPerHour: 3));

        Assert.True(result.Interruptions >= 5, $"{result.Interruptions} interruptions");
        Assert.Equal(result.Arrived, result.Processed);
        Assert.Equal(0, result.Samples[^1].Visible + result.Samples[^1].InFlight);
    }

    [Theory]
    [InlineData("steady")]
    [InlineData("diurnal")]
    public void Run_GeneratedProfiles_AllProcessedAndTargetTrackingNotWorseOnLatency(string name)
    {
        var profile = name == "steady" ? WorkloadProfile.Steady() : WorkloadProfile.Diurnal();
        var fixedResult = ScalingSimulator.Run(profile, "fixed", ScalingSimulator.SeedFixedPolicy(1, 20), Options(0.05));
        var tracking = ScalingSimulator.Run(profile, "target-tracking", ScalingSimulator.TargetTrackingPolicy(1, 20, 4), Options(0.05));

        Assert.Equal(fixedResult.Arrived, fixedResult.Processed);
        Assert.Equal(tracking.Arrived, tracking.Processed);
        Assert.True(tracking.InstanceHours > 0);
        Assert.StartsWith($"RESULT scaling profile={name} policy=target-tracking instance_hours=", tracking.ResultLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SameSeedTwice_SameResult()
    {
        var first = ScalingSimulator.Run(WorkloadProfile.Burst(), "fixed", ScalingSimulator.SeedFixedPolicy(1, 20), Options(1));
        var second = ScalingSimulator.Run(WorkloadProfile.Burst(), "fixed", ScalingSimulator.SeedFixedPolicy(1, 20), Options(1));

        Assert.Equal(first.ResultLine, second.ResultLine);
        Assert.Equal(first.Interruptions, second.Interruptions);
    }
}
