using FileSearch.Bench.Simulation.Internals;

using FileSearch.Scaling;

namespace FileSearch.Bench.Simulation;

/// <summary>Runs workloads through scaling policies in a discrete-event simulation of the worker fleet.</summary>
public static class ScalingSimulator
{
    /// <summary>The seed's policy: fixed 10 messages per instance, +2 per scale-out, 300 s cooldown, scale-in after 5 low minutes.</summary>
    public static ScalingPolicyOptions SeedFixedPolicy(int minCapacity, int maxCapacity) => new()
    {
        Mode = ScalingMode.Fixed,
        MessagesPerInstance = 10,
        ScaleOutIncrement = 2,
        Cooldown = TimeSpan.FromSeconds(300),
        MinCapacity = minCapacity,
        MaxCapacity = maxCapacity,
    };

    /// <summary>
    /// Target tracking on backlog per instance (AWS's SQS recommendation) with a 10-minute acceptable latency, straight
    /// to the required count, a 60 s cooldown, the seed's scale-in window, and the default burst rules (a step on a
    /// sudden backlog, a step on the oldest message's age while the head of the queue stands still, the burst's capacity
    /// given back after 2 low minutes).
    /// </summary>
    public static ScalingPolicyOptions TargetTrackingPolicy(int minCapacity, int maxCapacity, int messagesInParallel) => new()
    {
        Mode = ScalingMode.TargetTracking,
        AcceptableLatency = TimeSpan.FromMinutes(10),
        MessagesInParallelPerInstance = messagesInParallel,
        ScaleOutIncrement = 0,
        Cooldown = TimeSpan.FromSeconds(60),
        MinCapacity = minCapacity,
        MaxCapacity = maxCapacity,
    };

    /// <summary>Target tracking on backlog per instance alone: <see cref="TargetTrackingPolicy"/> with the burst rules off.</summary>
    public static ScalingPolicyOptions BacklogOnlyPolicy(int minCapacity, int maxCapacity, int messagesInParallel)
    {
        var policy = TargetTrackingPolicy(minCapacity, maxCapacity, messagesInParallel);
        policy.SuddenBacklogRatio = null;
        policy.OldestMessageAgeStep = null;
        policy.BurstScaleInWindow = null;
        return policy;
    }

    /// <summary>Simulates <paramref name="profile"/> under <paramref name="policy"/>.</summary>
    public static SimulationResult Run(WorkloadProfile profile, string policyName, ScalingPolicyOptions policy, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        return new SimulationRun(profile, policy, options).Run(policyName);
    }
}
