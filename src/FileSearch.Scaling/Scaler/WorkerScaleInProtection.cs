using FileSearch.Core.Pipeline;
using FileSearch.Core.Worker;
using FileSearch.Scaling.Internals;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Scaling.Scaler;

/// <summary>
/// Worker mode, when <see cref="ScalerOptions.ProtectWhileBusy"/>: protects this instance from scale-in while the worker
/// has messages in flight and lifts the protection when it is idle, so scale-in only ever terminates idle workers
/// (https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-instance-protection.html).
/// </summary>
public sealed class WorkerScaleInProtection(
    Func<int> inFlight,
    AutoScalingClient autoScaling,
    InstanceMetadata metadata,
    IOptions<ScalerOptions> options,
    TimeProvider timeProvider,
    ILogger<WorkerScaleInProtection> logger) : BackgroundService
{
    private bool? _protected;

    /// <summary>Built from the worker's <see cref="QueueWorker.InFlightCount"/>.</summary>
    public WorkerScaleInProtection(QueueWorker worker, AutoScalingClient autoScaling, InstanceMetadata metadata, IOptions<ScalerOptions> options,
        TimeProvider timeProvider, ILogger<WorkerScaleInProtection> logger)
        : this(() => worker.InFlightCount, autoScaling, metadata, options, timeProvider, logger)
    {
    }

    /// <summary>Sets the protection when busy-ness changed since the last call; returns the state now in force (null: unknown).</summary>
    public async Task<bool?> UpdateAsync(CancellationToken cancellationToken)
    {
        var busy = inFlight() > 0;
        if (busy == _protected)
        {
            return _protected;
        }

        var groupName = options.Value.GroupName ?? throw new InvalidOperationException("Scaling:Scaler:GroupName is required with ProtectWhileBusy");
        var instanceId = await metadata.GetInstanceIdAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await autoScaling.SetInstanceProtectionAsync(groupName, [instanceId], busy, cancellationToken).ConfigureAwait(false);
            _protected = busy;
        }
        catch (Core.Errors.ProcessingException ex)
        {
            Log.ProtectionFailed(logger, instanceId, busy, ex.Message);
        }

        return _protected;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ProtectWhileBusy)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.ProtectionCheckInterval, timeProvider);
        try
        {
            do
            {
                await UpdateAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
