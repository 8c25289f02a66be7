using FileSearch.Core.Ports;
using FileSearch.Scaling.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Scaling.Scaler;

/// <summary>
/// Applies <see cref="ScalingPolicy"/> to the worker Auto Scaling group: reads the queue counts and the group, and sets
/// the desired capacity when the policy says so. Busy workers protect themselves from scale-in
/// (<see cref="WorkerScaleInProtection"/>), so the group only terminates idle ones; give the group the OldestInstance
/// termination policy to terminate the oldest idle first. The inputs the queue does not report (SQS gives no oldest age,
/// no queue gives a processing time) come from <paramref name="metrics"/>; when it fails the evaluation goes on without them.
/// </summary>
public sealed class QueueScaler(
    IMessageQueue queue,
    AutoScalingClient autoScaling,
    IScalingMetricsSource metrics,
    ScalingPolicy policy,
    IOptions<ScalerOptions> options,
    TimeProvider timeProvider,
    ILogger<QueueScaler> logger)
{
    /// <summary>One evaluation; returns the decision (applied when its status is Success).</summary>
    public async Task<ScalingDecision> EvaluateOnceAsync(CancellationToken cancellationToken)
    {
        var groupName = options.Value.GroupName
            ?? throw new InvalidOperationException("Scaling:Scaler:GroupName is not set: name the worker Auto Scaling group");
        var counts = await queue.GetCountsAsync(cancellationToken).ConfigureAwait(false);
        var group = await autoScaling.DescribeGroupAsync(groupName, cancellationToken).ConfigureAwait(false);
        var inService = group.Instances
            .Where(i => i.LifecycleState == "InService")
            .Select(i => new InstanceState(i.InstanceId, DateTimeOffset.MinValue, i.ProtectedFromScaleIn ? 1 : 0))
            .ToList();
        var measured = await ReadMetricsAsync(cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        var inputs = new ScalingInputs(counts.Visible, counts.InFlight, group.DesiredCapacity, inService,
            counts.OldestVisibleSentAt is { } sent ? now - sent : measured.OldestMessageAge, measured.MessageProcessingTime);

        var decision = policy.Evaluate(inputs);
        Log.ScalingDecision(logger, decision.ActionName, decision.StatusName, decision.CurrentCapacity, decision.DesiredCapacity, decision.CurrentQueueDepth, decision.Reason);
        if (decision.Status == ScalingStatus.Success)
        {
            await autoScaling.SetDesiredCapacityAsync(groupName, decision.DesiredCapacity, cancellationToken).ConfigureAwait(false);
        }

        return decision;
    }

    private async Task<ScalingMetrics> ReadMetricsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var measured = await metrics.ReadAsync(cancellationToken).ConfigureAwait(false);
            Log.ScalingMetricsRead(logger, measured.OldestMessageAge?.TotalSeconds, measured.MessageProcessingTime?.TotalSeconds);
            return measured;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Metrics refine the decision; the queue depth alone still scales, so a CloudWatch outage must not stop it.
            Log.ScalingMetricsFailed(logger, ex.Message);
            return ScalingMetrics.None;
        }
    }

    /// <summary>Evaluates every <see cref="ScalerOptions.Interval"/> until cancelled; a failed evaluation is logged and retried next time.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, timeProvider);
        try
        {
            do
            {
                try
                {
                    await EvaluateOnceAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not InvalidOperationException)
                {
                    Log.ScalerFailed(logger, ex.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
