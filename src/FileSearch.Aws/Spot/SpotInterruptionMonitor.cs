using FileSearch.Aws.Internals;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Aws.Spot;

/// <summary>
/// Watches IMDSv2 for a Spot interruption notice every <see cref="SpotOptions.PollInterval"/>. On a notice it caps the
/// worker's drain at (notice time - <see cref="SpotOptions.SafetyMargin"/>), records what is in flight and stops the
/// host: receiving stops, work that fits finishes, the rest is released to the queue. SIGTERM takes the same path
/// (the host stops; the in-flight list is recorded). Either way every <see cref="IShutdownFlush"/> (final metrics line,
/// OCR checkpoint journal) is flushed first. Turns itself off when IMDS does not answer (not on EC2).
/// </summary>
public sealed class SpotInterruptionMonitor : BackgroundService
{
    private readonly QueueWorker _worker;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly SpotOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly InstanceMetadataClient _imds;
    private readonly IShutdownFlush[] _flushes;
    private bool _rebalanceSeen;

    public SpotInterruptionMonitor(QueueWorker worker, IHostApplicationLifetime lifetime, IOptions<SpotOptions> options, TimeProvider time, ILogger<SpotInterruptionMonitor> logger, IEnumerable<IShutdownFlush>? flushes = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _worker = worker;
        _lifetime = lifetime;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _http = new HttpClient { BaseAddress = _options.Endpoint, Timeout = _options.ProbeTimeout + TimeSpan.FromSeconds(1) };
        _imds = new InstanceMetadataClient(_http, time);
        _flushes = flushes?.ToArray() ?? [];
    }

    /// <summary>The notice that stopped the worker, if any.</summary>
    public InterruptionNotice? Notice { get; private set; }

    /// <summary>False once the monitor found no IMDS (or was disabled).</summary>
    public bool Active { get; private set; }

    /// <summary>What the previous run recorded when it stopped, reported at start.</summary>
    public WorkerStopState? PreviousRun { get; private set; }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Runs before the worker's own stop (reverse registration order), so the list is what was in flight when stopping began.
        if (Notice is null)
        {
            if (_worker.InFlightCount > 0)
            {
                await RecordAsync("host stopping (SIGTERM or Ctrl+C)", null, cancellationToken).ConfigureAwait(false);
            }

            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!string.IsNullOrEmpty(_options.StateFile)
            && await WorkerStateFile.TakeAsync(_options.StateFile, stoppingToken).ConfigureAwait(false) is { } previous)
        {
            PreviousRun = previous;
            Log.PreviousRunInterrupted(_logger, previous.InFlight.Count,
                previous.Reason + ": " + string.Join(", ", previous.InFlight.Select(m => m.MessageId)));
        }

        if (!_options.Enabled || !await ProbeAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        Active = true;
        using var timer = new PeriodicTimer(_options.PollInterval, _time);
        do
        {
            try
            {
                if (await _imds.GetInterruptionAsync(stoppingToken).ConfigureAwait(false) is { } notice)
                {
                    await OnNoticeAsync(notice, stoppingToken).ConfigureAwait(false);
                    return;
                }

                if (!_rebalanceSeen && await _imds.GetRebalanceAsync(stoppingToken).ConfigureAwait(false) is { } rebalance)
                {
                    _rebalanceSeen = true;
                    Log.RebalanceRecommendation(_logger, rebalance);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.ImdsPollFailed(_logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task<bool> ProbeAsync(CancellationToken stoppingToken)
    {
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        probe.CancelAfter(_options.ProbeTimeout);
        try
        {
            await _imds.RefreshTokenAsync(probe.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is HttpRequestException or OperationCanceledException)
        {
            Log.ImdsUnavailable(_logger, _options.Endpoint);
            return false;
        }
    }

    private async Task OnNoticeAsync(InterruptionNotice notice, CancellationToken cancellationToken)
    {
        Notice = notice;
        var deadline = notice.Time - _options.SafetyMargin;
        Log.InterruptionNotice(_logger, notice.Action, notice.Time, deadline - _time.GetUtcNow());
        _worker.LimitDrainUntil(deadline);
        await RecordAsync($"spot interruption ({notice.Action} at {notice.Time:O})", deadline, cancellationToken).ConfigureAwait(false);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        _lifetime.StopApplication();
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var flush in _flushes)
        {
            try
            {
                await flush.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One failing flush must not keep the others (or the drain) from running.
                Log.FlushFailed(_logger, flush.GetType().Name, ex.Message);
            }
        }
    }

    private async Task RecordAsync(string reason, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_options.StateFile))
        {
            return;
        }

        var state = WorkerStateFile.Capture(reason, _time.GetUtcNow(), deadline, _worker.InFlightMessages);
        await WorkerStateFile.WriteAsync(_options.StateFile, state, cancellationToken).ConfigureAwait(false);
    }
}
