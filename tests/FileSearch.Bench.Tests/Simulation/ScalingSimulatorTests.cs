using FileSearch.Bench.Simulation;
using FileSearch.Scaling;

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
    public void Run_BurstProfileDefaultTargetTracking_NoMinuteOverTargetForFewerInstanceHoursThanBacklogOnly()
    {
        var options = new SimulationOptions();

        var withBurstRules = ScalingSimulator.Run(WorkloadProfile.Burst(), "target-tracking", ScalingSimulator.TargetTrackingPolicy(1, 20, 4), options);
        var backlogOnly = ScalingSimulator.Run(WorkloadProfile.Burst(), "target-tracking-backlog", ScalingSimulator.BacklogOnlyPolicy(1, 20, 4), options);

        Assert.Equal(withBurstRules.Arrived, withBurstRules.Processed);
        Assert.True(backlogOnly.SloViolationMinutes > 0, "the backlog alone trails the burst of scans");
        Assert.Equal(0, withBurstRules.SloViolationMinutes);
        Assert.True(withBurstRules.MaxAge < Target, $"last burst file indexed after {withBurstRules.MaxAge}");
        // 6.63 against 7.67 instance-hours: the burst's capacity comes a minute sooner and leaves three minutes sooner.
        Assert.True(withBurstRules.InstanceHours <= backlogOnly.InstanceHours * 0.9, $"{withBurstRules.InstanceHours:F2} against {backlogOnly.InstanceHours:F2} instance-hours");
    }

    [Fact]
    public void Run_BurstProfileWithTheDefaultScaleOutIncrement_BurstStepsStillNoMinuteOverTarget()
    {
        // ScaleOutIncrement keeps its default of 2: the burst steps' count is asked for at once all the same.
        var policy = ScalingSimulator.TargetTrackingPolicy(1, 20, 4);
        policy.ScaleOutIncrement = new ScalingPolicyOptions().ScaleOutIncrement;

        var result = ScalingSimulator.Run(WorkloadProfile.Burst(), "target-tracking", policy, new SimulationOptions());
        var backlogOnly = ScalingSimulator.Run(WorkloadProfile.Burst(), "target-tracking-backlog", ScalingSimulator.BacklogOnlyPolicy(1, 20, 4), new SimulationOptions());

        Assert.Equal(2, policy.ScaleOutIncrement);
        Assert.Equal(0, result.SloViolationMinutes);
        Assert.True(result.MaxAge < Target, $"last burst file indexed after {result.MaxAge}");
        // 6.63 instance-hours, as with no increment: the increment only paces scale-outs on backlog.
        Assert.True(result.InstanceHours <= backlogOnly.InstanceHours * 0.9, $"{result.InstanceHours:F2} against {backlogOnly.InstanceHours:F2} instance-hours");
    }

    [Theory]
    [InlineData("steady")]
    [InlineData("diurnal")]
    public void Run_OrdinaryProfilesDefaultTargetTracking_BurstRulesNeverFireSoNoWorseThanBacklogOnly(string name)
    {
        var profile = name == "steady" ? WorkloadProfile.Steady() : WorkloadProfile.Diurnal();
        var options = new SimulationOptions();

        var withBurstRules = ScalingSimulator.Run(profile, "target-tracking", ScalingSimulator.TargetTrackingPolicy(1, 20, 4), options);
        var backlogOnly = ScalingSimulator.Run(profile, "target-tracking-backlog", ScalingSimulator.BacklogOnlyPolicy(1, 20, 4), options);

        Assert.Equal(0, withBurstRules.SloViolationMinutes);
        Assert.True(withBurstRules.InstanceHours <= backlogOnly.InstanceHours, $"{withBurstRules.InstanceHours:F2} against {backlogOnly.InstanceHours:F2} instance-hours");
        Assert.Equal(backlogOnly.Samples.Max(s => s.Instances), withBurstRules.Samples.Max(s => s.Instances));
    }

    [Fact]
    public void Run_SpotInterruptionRedeliversOldMessages_AgeJumpIsNoBurst()
    {
        // One interruption per instance-hour: each vanished instance's messages reappear after the visibility timeout,
        // already old, and the oldest message's age jumps by more than the clock moved.
        var profile = WorkloadProfile.Diurnal();

        var withBurstRules = ScalingSimulator.Run(profile, "target-tracking", ScalingSimulator.TargetTrackingPolicy(1, 20, 4), Options(1));
        var backlogOnly = ScalingSimulator.Run(profile, "target-tracking-backlog", ScalingSimulator.BacklogOnlyPolicy(1, 20, 4), Options(1));

        Assert.True(withBurstRules.Interruptions >= 5, $"{withBurstRules.Interruptions} interruptions");
        Assert.True(withBurstRules.InstanceHours <= backlogOnly.InstanceHours, $"{withBurstRules.InstanceHours:F2} against {backlogOnly.InstanceHours:F2} instance-hours");
        Assert.Equal(0, withBurstRules.SloViolationMinutes);
    }

    [Fact]
    public void Run_SameBurstSeedFixedPolicy_MissesTheTargetAndCostsLessPeak()
    {
        var result = ScalingSimulator.Run(BurstOnly(), "fixed", ScalingSimulator.SeedFixedPolicy(1, 20), Options());

        Assert.Equal(1000, result.Processed);
        Assert.True(result.MaxAge > Target);
        Assert.True(result.SloViolationMinutes > 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Run_AfterBurst_ScaleInOnlyAfterSustainedWindowAndNeverBelowMin(bool burstRules)
    {
        var policy = burstRules ? ScalingSimulator.TargetTrackingPolicy(2, 20, 4) : ScalingSimulator.BacklogOnlyPolicy(2, 20, 4);
        // The burst steps scaled out, so their capacity leaves after the burst window; the backlog's after the full one.
        var window = burstRules ? policy.BurstScaleInWindow!.Value : policy.ScaleInWindow;
        var profile = WorkloadProfile.Create("burst-then-idle", TimeSpan.FromHours(1),
            Enumerable.Range(0, 400).Select(_ => new Arrival(TimeSpan.Zero, ProcessingTimes.Scan, TimeSpan.FromSeconds(60))));

        var result = ScalingSimulator.Run(profile, "target-tracking", policy, Options());

        var samples = result.Samples;
        Assert.All(samples, s => Assert.True(s.Instances >= 2, $"{s.Instances} instances at {s.At}"));
        var firstDrop = Enumerable.Range(1, samples.Count - 1).First(i => samples[i].Instances < samples[i - 1].Instances);
        var lowSince = Enumerable.Range(0, firstDrop).Last(i => samples[i].Visible >= policy.ScaleInThreshold) + 1;
        var waited = samples[firstDrop].At - samples[lowSince].At;
        Assert.True(waited >= window - policy.EvaluationPeriod && waited <= window + policy.EvaluationPeriod,
            $"scaled in at {samples[firstDrop].At}, low since {samples[lowSince].At}, window {window}");
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
