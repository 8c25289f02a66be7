using System.ComponentModel.DataAnnotations;

namespace FileSearch.Scaling;

/// <summary>Options of the scaling policy (section <c>Scaling:Policy</c>). Defaults are the numbers of the original scaling design (10 messages per instance, +2, 300 s cooldown).</summary>
public sealed class ScalingPolicyOptions : IValidatableObject
{
    public const string SectionName = "Scaling:Policy";

    /// <summary>Fixed (messages per instance, default) or TargetTracking.</summary>
    public ScalingMode Mode { get; set; } = ScalingMode.Fixed;

    /// <summary>Fixed mode: queued messages one instance is expected to handle (default 10).</summary>
    [Range(1, 1_000_000)]
    public int MessagesPerInstance { get; set; } = 10;

    /// <summary>Target tracking: how long a file may wait before it is indexed (default 10 min, leaving launch time
    /// inside a 15-minute indexing target).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan AcceptableLatency { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Target tracking: processing time per message when none was measured yet (default 10 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan DefaultProcessingTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Target tracking: messages one instance processes at once (the worker's <c>Worker:Concurrency</c>; default 4).</summary>
    [Range(1, 256)]
    public int MessagesInParallelPerInstance { get; set; } = 4;

    /// <summary>
    /// Target tracking on the age of the oldest message as well as on backlog: when the oldest message has waited at least
    /// this long, its age kept growing (<see cref="OldestMessageAgeGrowth"/>) and more messages wait than the in-service
    /// instances clear in one such step at the measured processing time, a burst of files slower than the recent mix is
    /// waiting, and the required count is at least the current capacity times <see cref="BurstScaleOutFactor"/> for every
    /// full step the oldest message has waited (default 1 min; null: backlog only).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan? OldestMessageAgeStep { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The age rule applies only while the oldest message's age grew by at least this fraction of the time since the last
    /// evaluation: the head of the queue did not move, as behind a burst; on an ordinary queue the workers take the oldest
    /// messages and the age grows more slowly or falls (default 0.9; 0: any age at least one step old).
    /// </summary>
    [Range(0.0, 1.0)]
    public double OldestMessageAgeGrowth { get; set; } = 0.9;

    /// <summary>
    /// Target tracking's step on a sudden backlog: when the depth grew since the last evaluation by more than this many
    /// times what the in-service instances clear in that time at the measured processing time, the files just queued may be
    /// slower than the recent mix, and the required count is at least the backlog's count times <see cref="BurstScaleOutFactor"/>
    /// (default 10; null: off).
    /// </summary>
    [Range(1.0, 1_000_000.0)]
    public double? SuddenBacklogRatio { get; set; } = 10;

    /// <summary>Capacity multiplier of the burst rules: on a sudden backlog, and per full <see cref="OldestMessageAgeStep"/> of
    /// age (default 4).</summary>
    [Range(1.0, 100.0)]
    public double BurstScaleOutFactor { get; set; } = 4;

    /// <summary>
    /// After a scale-out a burst rule made, the depth must stay below <see cref="ScaleInThreshold"/> only this long (instead of
    /// <see cref="ScaleInWindow"/>) before idle instances are scaled in: the burst's capacity is given back once the burst is
    /// drained (default 2 min; null: <see cref="ScaleInWindow"/>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan? BurstScaleInWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Smallest capacity (default 1; never scaled in below it).</summary>
    [Range(0, 10_000)]
    public int MinCapacity { get; set; } = 1;

    /// <summary>Largest capacity (default 10).</summary>
    [Range(1, 10_000)]
    public int MaxCapacity { get; set; } = 10;

    /// <summary>Instances added per scale-out at most (default 2: 2 → 4, not 10); 0 = straight to the required count.</summary>
    [Range(0, 10_000)]
    public int ScaleOutIncrement { get; set; } = 2;

    /// <summary>When the oldest message is older than this, scale out straight to the required count (default 10 min).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan UrgentMessageAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Time after a scaling action during which no other one is made (default 300 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>Scale-in is considered while the queue depth stays below this (default 2).</summary>
    [Range(1, 1_000_000)]
    public int ScaleInThreshold { get; set; } = 2;

    /// <summary>How long the depth must stay below <see cref="ScaleInThreshold"/> before scaling in (default 5 min).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ScaleInWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Period each depth sample stands for, like a one-minute CloudWatch datapoint (default 1 min).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan EvaluationPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinCapacity > MaxCapacity)
        {
            yield return new ValidationResult(
                $"Scaling:Policy:MinCapacity ({MinCapacity}) must not exceed MaxCapacity ({MaxCapacity})",
                [nameof(MinCapacity), nameof(MaxCapacity)]);
        }
    }
}
