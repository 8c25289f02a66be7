using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;
using FileSearch.Scaling.Internals;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Scaling.Metrics;

/// <summary>Refreshes the queue gauges of <see cref="WorkerMetrics"/> from <see cref="IMessageQueue.GetCountsAsync"/>.
/// The worker sees only itself, so backlog per instance is per this instance; the scaler divides by the group.</summary>
public sealed class QueueMetricsSampler(
    IMessageQueue queue,
    WorkerMetrics metrics,
    IOptions<MetricsOptions> options,
    TimeProvider timeProvider,
    ILogger<QueueMetricsSampler> logger) : BackgroundService
{
    /// <summary>Reads the counts once and updates the gauges.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        try
        {
            metrics.UpdateQueue(await queue.GetCountsAsync(cancellationToken).ConfigureAwait(false), 1);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.QueueSampleFailed(logger, ex.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.QueueSampleInterval, timeProvider);
        try
        {
            do
            {
                await SampleAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
