using System.ComponentModel.DataAnnotations;

namespace FileSearch.Bench.Simulation;

/// <summary>The fleet and the prices a simulation assumes.</summary>
public sealed class SimulationOptions
{
    /// <summary>Messages one instance processes at once (the worker's <c>Worker:Concurrency</c> on a 4-vCPU instance; default 4).</summary>
    [Range(1, 256)]
    public int InstanceConcurrency { get; set; } = 4;

    /// <summary>From launch to the first receive: EC2 boot plus worker start (default 60 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan BootTime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a message of a vanished instance stays invisible (the worker's default visibility timeout, 5 min).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "12:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Spot interruptions per instance-hour (default 0.05; the group replaces an interrupted instance at once).</summary>
    [Range(0.0, 60.0)]
    public double SpotInterruptionsPerInstanceHour { get; set; } = 0.05;

    /// <summary>Spot price in USD per instance-hour (default 0.07, a 4-vCPU compute instance's Spot price order of magnitude).</summary>
    [Range(0.0, 1000.0)]
    public double SpotPricePerHour { get; set; } = 0.07;

    /// <summary>Indexing latency target: minutes with an unfinished message older than this count as SLO violations (default 15 min).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan LatencyTarget { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the policy is evaluated and the state sampled (default 1 min, one CloudWatch datapoint).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>After the workload ends, how long the fleet may keep draining before the run stops (default 24 h).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan MaxDrainTime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Seed of the random interruptions (default 42; same seed, same run).</summary>
    public int Seed { get; set; } = 42;
}
