namespace FileSearch.Scaling.Internals;

/// <summary>
/// Target tracking's two burst rules, beside the backlog per instance: a step on a sudden backlog (the depth jumped far
/// beyond what the in-service instances clear in the period) and a step on the oldest message's age while the head of
/// the queue stands still. Both multiply capacity by <see cref="ScalingPolicyOptions.BurstScaleOutFactor"/>: the
/// backlog estimate rests on the processing time of recent messages and trails when a burst of slower files arrives.
/// Neither applies while no instance is in service (a queue nobody reads stands still). State: the previous evaluation's
/// time, depth and oldest age, and since when the same message has stood at the head.
/// </summary>
internal sealed class BurstRules(ScalingPolicyOptions options)
{
    private (DateTimeOffset At, long Depth, TimeSpan? Age)? _last;
    private DateTimeOffset? _stalledSince;

    /// <summary>Capacity for a sudden backlog: the backlog's count times the factor when that count is above the current
    /// capacity and the depth grew since the last evaluation by more than <see cref="ScalingPolicyOptions.SuddenBacklogRatio"/>
    /// times what the in-service instances clear in that time at the measured processing time; 0 otherwise.</summary>
    public int RequiredForJump(ScalingInputs inputs, int forBacklog, DateTimeOffset now)
    {
        // A step on top of target tracking: only when the backlog asks for more than the current capacity already.
        if (options.Mode != ScalingMode.TargetTracking || options.SuddenBacklogRatio is not { } ratio
            || forBacklog <= inputs.CurrentCapacity || inputs.Instances.Count == 0 || _last is not { } last || now <= last.At)
        {
            return 0;
        }

        var rise = inputs.VisibleMessages - last.Depth;
        return rise > ratio * Cleared(inputs, now - last.At) ? Scale(forBacklog, 1) : 0;
    }

    /// <summary>
    /// Capacity for the oldest message's age: while it is at least <see cref="ScalingPolicyOptions.OldestMessageAgeStep"/>
    /// old, the same message has stayed at the head (<see cref="ScalingPolicyOptions.OldestMessageAgeGrowth"/>), and more
    /// messages wait than the in-service instances clear in one step, the current capacity times the factor for every full
    /// step the head has stood still (with the growth check off: every full step of age); 0 otherwise.
    /// </summary>
    public int RequiredForAge(ScalingInputs inputs, DateTimeOffset now)
    {
        if (options.Mode != ScalingMode.TargetTracking || options.OldestMessageAgeStep is not { } step
            || inputs.OldestMessageAge is not { } age || age < step || inputs.Instances.Count == 0)
        {
            return 0;
        }

        var stalled = options.OldestMessageAgeGrowth <= 0 ? age : StalledFor(age, now);

        // Behind only if more is waiting than the in-service slots clear within one step: an ordinary queue of a few
        // messages that waited a minute is not a burst.
        return stalled >= step && inputs.VisibleMessages > Cleared(inputs, step)
            ? Scale(Math.Max(1, inputs.CurrentCapacity), Math.Min(16, Math.Floor(stalled / step)))
            : 0;
    }

    /// <summary>Remembers this evaluation for the next one.</summary>
    public void Observe(ScalingInputs inputs, DateTimeOffset now)
    {
        _stalledSince = inputs.OldestMessageAge is { } age && HeadStoodStill(age, now) ? _stalledSince ?? _last!.Value.At : null;
        _last = (now, inputs.VisibleMessages, inputs.OldestMessageAge);
    }

    /// <summary>How long the same message has stood at the head of the queue, counting this evaluation.</summary>
    private TimeSpan StalledFor(TimeSpan age, DateTimeOffset now) =>
        HeadStoodStill(age, now) ? now - (_stalledSince ?? _last!.Value.At) : TimeSpan.Zero;

    /// <summary>
    /// Whether the same message stayed at the head: its age grew with the clock, within 1 - growth of the time since the
    /// last evaluation. On an ordinary queue the workers take the oldest messages and the age grows more slowly, or falls;
    /// a message redelivered after an instance vanished makes it jump by more than the clock moved.
    /// </summary>
    private bool HeadStoodStill(TimeSpan age, DateTimeOffset now)
    {
        if (_last is not { Age: { } lastAge } last || now <= last.At)
        {
            return false;
        }

        var elapsed = now - last.At;
        return (age - lastAge - elapsed).Duration() <= elapsed * (1 - options.OldestMessageAgeGrowth);
    }

    /// <summary>Messages the in-service instances finish in <paramref name="period"/> at the measured processing time (at least one round).</summary>
    private long Cleared(ScalingInputs inputs, TimeSpan period)
    {
        var time = inputs.MessageProcessingTime is { } t && t > TimeSpan.Zero ? t : options.DefaultProcessingTime;
        return (long)inputs.Instances.Count * options.MessagesInParallelPerInstance * Math.Max(1, (long)(period / time));
    }

    private int Scale(int capacity, double steps) =>
        (int)Math.Min(int.MaxValue, capacity * Math.Pow(options.BurstScaleOutFactor, steps));
}
