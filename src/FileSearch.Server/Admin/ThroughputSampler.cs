using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Server.Api;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FileSearch.Server.Admin;

/// <summary>
/// Documents indexed per minute over the last hour, for the admin page: the INDEXED count is sampled once a minute while
/// the server runs and the differences are kept (so the series starts when the server started).
/// </summary>
public sealed partial class ThroughputSampler(IMetadataStore metadata, TimeProvider time, ILogger<ThroughputSampler> logger) : BackgroundService
{
    private const int Minutes = 60;
    private readonly Lock _gate = new();
    private readonly Queue<ThroughputPoint> _points = new();
    private long? _last;

    /// <summary>One point per minute, oldest first, at most an hour.</summary>
    public IReadOnlyList<ThroughputPoint> Points
    {
        get
        {
            lock (_gate)
            {
                return [.. _points];
            }
        }
    }

    /// <summary>Takes one sample now (the service does every minute).</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var counts = await metadata.CountByStatusAsync(cancellationToken).ConfigureAwait(false);
        var indexed = counts.GetValueOrDefault(DocumentStatus.Indexed);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_last is { } previous)
            {
                _points.Enqueue(new ThroughputPoint(new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero), Math.Max(0, indexed - previous)));
                while (_points.Count > Minutes)
                {
                    _points.Dequeue();
                }
            }

            _last = indexed;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        do
        {
            try
            {
                await SampleAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSampleFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = 8401, Level = LogLevel.Warning, Message = "Could not sample the indexed count for the throughput chart: {Reason}")]
    private static partial void LogSampleFailed(ILogger logger, string reason);
}
