using System.Globalization;
using FileSearch.Scaling.Internals;
using Microsoft.Extensions.Options;

namespace FileSearch.Scaling;

/// <summary>
/// Decides the worker group's capacity from queue depth. Deterministic: its only state is the time of the last
/// scaling action, the start of the current low-depth streak, the depth and oldest message's age at the last evaluation
/// and whether a burst rule made the last scale-out, all timed by the injected <see cref="TimeProvider"/>.
/// Not thread-safe: one evaluation loop owns an instance.
/// </summary>
public sealed class ScalingPolicy(IOptions<ScalingPolicyOptions> options, TimeProvider timeProvider)
{
    private readonly ScalingPolicyOptions _options = options.Value;
    private readonly BurstRules _burst = new(options.Value);
    private DateTimeOffset? _lastScalingAt;
    private DateTimeOffset? _lowSince;
    private bool _scaledOutForBurst;

    /// <summary>The options in force.</summary>
    public ScalingPolicyOptions Options => _options;

    /// <summary>Instances needed for <paramref name="queueDepth"/> messages, before min/max (see <see cref="ScalingMode"/>).</summary>
    public int CalculateRequiredInstances(long queueDepth, TimeSpan? processingTime = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(queueDepth);
        var perInstance = BacklogPerInstance(processingTime);
        return (int)Math.Min(int.MaxValue, (queueDepth + perInstance - 1) / perInstance);
    }

    /// <summary>Messages one instance may have queued: the fixed number, or latency / processing time × parallelism.</summary>
    public long BacklogPerInstance(TimeSpan? processingTime = null)
    {
        if (_options.Mode == ScalingMode.Fixed)
        {
            return _options.MessagesPerInstance;
        }

        var time = processingTime is { } t && t > TimeSpan.Zero ? t : _options.DefaultProcessingTime;
        var perSlot = (long)Math.Floor(_options.AcceptableLatency / time);
        return Math.Max(1, perSlot * _options.MessagesInParallelPerInstance);
    }

    /// <summary>
    /// Target tracking's age step: while the oldest message is at least <see cref="ScalingPolicyOptions.OldestMessageAgeStep"/>
    /// old, its age grew with the clock since the last evaluation (within 1 - <see cref="ScalingPolicyOptions.OldestMessageAgeGrowth"/>:
    /// the head of the queue stood still), and more messages wait than the in-service instances clear in one step at the
    /// measured processing time, the current capacity times <see cref="ScalingPolicyOptions.BurstScaleOutFactor"/> for every
    /// full step the head has stood still (0 otherwise): the backlog estimate trails when a burst of slow files arrives, the
    /// age does not.
    /// </summary>
    public int RequiredForAge(ScalingInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return _burst.RequiredForAge(inputs, timeProvider.GetUtcNow());
    }

    /// <summary>
    /// Target tracking's sudden-backlog step: when the backlog asks for more than the current capacity and the depth grew
    /// since the last evaluation by more than
    /// <see cref="ScalingPolicyOptions.SuddenBacklogRatio"/> times what the in-service instances clear in that time at the
    /// measured processing time, the backlog's count times <see cref="ScalingPolicyOptions.BurstScaleOutFactor"/> (0 otherwise).
    /// </summary>
    public int RequiredForSuddenBacklog(ScalingInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return _burst.RequiredForJump(inputs, CalculateRequiredInstances(inputs.VisibleMessages, inputs.MessageProcessingTime), timeProvider.GetUtcNow());
    }

    /// <summary>Next capacity on the way from <paramref name="current"/> to <paramref name="target"/>: at most
    /// <see cref="ScalingPolicyOptions.ScaleOutIncrement"/> more, unless the oldest message is older than
    /// <see cref="ScalingPolicyOptions.UrgentMessageAge"/>; never above max.</summary>
    public int CalculateScaleOutCapacity(int current, int target, TimeSpan? oldestMessageAge = null)
    {
        var capped = Math.Clamp(target, _options.MinCapacity, _options.MaxCapacity);
        var urgent = oldestMessageAge is { } age && age > _options.UrgentMessageAge;
        if (_options.ScaleOutIncrement == 0 || urgent)
        {
            return Math.Max(current, capped);
        }

        return Math.Max(current, Math.Min(capped, current + _options.ScaleOutIncrement));
    }

    /// <summary>Capacity after a scale-in towards <paramref name="target"/>; never below min.</summary>
    public int CalculateScaleInCapacity(int current, int target) =>
        Math.Min(current, Math.Max(target, _options.MinCapacity));

    /// <summary>The scale-in check on one-minute depth samples: the last <paramref name="sustainedMinutes"/> samples all
    /// below <paramref name="threshold"/> (e.g. [1,1,0,1,0] over 5 minutes with threshold 2).</summary>
    public static bool IsSustainedLow(IReadOnlyList<long> queueDepthHistory, int threshold, int sustainedMinutes)
    {
        ArgumentNullException.ThrowIfNull(queueDepthHistory);
        return queueDepthHistory.Count >= sustainedMinutes
            && queueDepthHistory.Skip(queueDepthHistory.Count - sustainedMinutes).All(depth => depth < threshold);
    }

    /// <summary>Instances that may be terminated: idle ones only (busy ones are protected), oldest first.</summary>
    public static IReadOnlyList<InstanceState> GetTerminationCandidates(IEnumerable<InstanceState> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        return [.. instances.Where(i => !i.IsBusy).OrderBy(i => i.LaunchTime).ThenBy(i => i.InstanceId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Asks for <paramref name="desiredCapacity"/> outside the depth rules (<c>trigger_scale_out</c> of the original scaling design):
    /// SUCCESS and the cooldown starts, or COOLDOWN with a message naming the period when the last action was too recent.
    /// </summary>
    public ScalingDecision RequestCapacity(int currentCapacity, int desiredCapacity, long queueDepth, string reason)
    {
        var clamped = Math.Clamp(desiredCapacity, _options.MinCapacity, _options.MaxCapacity);
        var action = clamped > currentCapacity ? ScalingAction.ScaleOut
            : clamped < currentCapacity ? ScalingAction.ScaleIn
            : ScalingAction.None;
        if (action == ScalingAction.None)
        {
            return new(action, ScalingStatus.NoChange, currentCapacity, currentCapacity, queueDepth, reason, []);
        }

        var now = timeProvider.GetUtcNow();
        if (_lastScalingAt is { } last && now - last < _options.Cooldown)
        {
            var remaining = _options.Cooldown - (now - last);
            var message = string.Create(CultureInfo.InvariantCulture,
                $"in the {_options.Cooldown.TotalSeconds:0} s cooldown period after the scaling action at {last:HH:mm:ss}Z ({remaining.TotalSeconds:0} s left); wanted {clamped}: {reason}");
            return new(action, ScalingStatus.Cooldown, currentCapacity, currentCapacity, queueDepth, message, []);
        }

        _lastScalingAt = now;
        return new(action, ScalingStatus.Success, currentCapacity, clamped, queueDepth, reason, []);
    }

    /// <summary>One evaluation: scale out on backlog, scale in after a sustained low depth, otherwise nothing.</summary>
    public ScalingDecision Evaluate(ScalingInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var now = timeProvider.GetUtcNow();
        var depth = inputs.VisibleMessages;
        var current = inputs.CurrentCapacity;
        var forBacklog = CalculateRequiredInstances(depth, inputs.MessageProcessingTime);
        var forBurst = Math.Max(_burst.RequiredForJump(inputs, forBacklog, now), _burst.RequiredForAge(inputs, now));
        var required = Math.Max(forBacklog, forBurst);
        var perInstance = BacklogPerInstance(inputs.MessageProcessingTime);
        _burst.Observe(inputs, now);

        // Each sample stands for the evaluation period that ends at it, like a CloudWatch datapoint.
        _lowSince = depth < _options.ScaleInThreshold ? _lowSince ?? now - _options.EvaluationPeriod : null;

        if (current < _options.MinCapacity || required > current && current < _options.MaxCapacity)
        {
            // A burst step is the urgent case the increment must not slow down: its count is asked for at once.
            var next = forBurst > forBacklog
                ? Math.Max(current, Math.Clamp(required, _options.MinCapacity, _options.MaxCapacity))
                : CalculateScaleOutCapacity(current, Math.Max(required, _options.MinCapacity), inputs.OldestMessageAge);
            var reason = forBurst > forBacklog
                ? string.Create(CultureInfo.InvariantCulture,
                    $"burst: queue depth {depth}, oldest message {inputs.OldestMessageAge?.TotalSeconds ?? 0:0} s, needs {forBurst} instance(s) ({forBacklog} for the backlog at {perInstance} per instance); {current} → {next} (max {_options.MaxCapacity})")
                : string.Create(CultureInfo.InvariantCulture,
                    $"queue depth {depth} needs {required} instance(s) at {perInstance} message(s) per instance; {current} → {next} (max {_options.MaxCapacity})");
            var decision = RequestCapacity(current, next, depth, reason);
            if (decision.Status == ScalingStatus.Success)
            {
                _scaledOutForBurst = forBurst > forBacklog;
            }

            return decision;
        }

        if (_lowSince is { } since && now - since >= ScaleInWindow() && current > _options.MinCapacity)
        {
            return ScaleIn(inputs, required, since);
        }

        return new(ScalingAction.None, ScalingStatus.NoChange, current, current, depth,
            string.Create(CultureInfo.InvariantCulture, $"queue depth {depth} fits {current} instance(s) ({required} needed)"), []);
    }

    /// <summary>The low-depth window before a scale-in: <see cref="ScalingPolicyOptions.BurstScaleInWindow"/> after a
    /// scale-out a burst rule made (a burst's capacity), <see cref="ScalingPolicyOptions.ScaleInWindow"/> otherwise.</summary>
    private TimeSpan ScaleInWindow() =>
        _scaledOutForBurst && _options.BurstScaleInWindow is { } burst && burst < _options.ScaleInWindow ? burst : _options.ScaleInWindow;

    private ScalingDecision ScaleIn(ScalingInputs inputs, int required, DateTimeOffset lowSince)
    {
        var current = inputs.CurrentCapacity;
        var idle = GetTerminationCandidates(inputs.Instances);
        var target = CalculateScaleInCapacity(current, required);
        var removable = Math.Min(current - target, idle.Count);
        if (removable <= 0)
        {
            return new(ScalingAction.None, ScalingStatus.NoChange, current, current, inputs.VisibleMessages,
                "queue is low but every instance is busy (scale-in protected)", []);
        }

        var decision = RequestCapacity(current, current - removable, inputs.VisibleMessages, string.Create(CultureInfo.InvariantCulture,
            $"queue depth below {_options.ScaleInThreshold} since {lowSince:HH:mm:ss}Z ({ScaleInWindow().TotalMinutes:0.#} min window); {current} → {current - removable}"));
        if (decision.Status != ScalingStatus.Success)
        {
            return decision;
        }

        _scaledOutForBurst = false;
        return decision with { TerminationCandidates = [.. idle.Take(removable)] };
    }
}
