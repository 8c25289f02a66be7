using FileSearch.Aws.Internals;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Aws.Spot;

/// <summary>
/// Watches IMDSv2 for a Spot interruption notice every <see cref="SpotOptions.PollInterval"/>. On a notice it caps the
/// worker's drain at (notice time - <see cref="SpotOptions.SafetyMargin"/>), notes what is in flight and stops the host.
/// SIGTERM (or Ctrl+C) takes the same path from the host's stop. The order is the host's lifecycle: receiving stops,
/// in-flight work that fits finishes, the rest is released to the queue (the worker's stop); only then, once every
/// hosted service has stopped, every <see cref="IShutdownFlush"/> (final metrics line, OCR checkpoint) is flushed and
/// the in-progress state is persisted for the next start to report. Turns itself off when IMDS does not answer (not on EC2).
/// </summary>
public sealed class SpotInterruptionMonitor : BackgroundService, IHostedLifecycleService
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
    private WorkerStopState? _stopState;

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

    /// <summary>True once the drain ended and the flush and state recording ran.</summary>
    public bool Flushed { get; private set; }

    Task IHostedLifecycleService.StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs before any hosted service stops: notes what is in flight when stopping began (SIGTERM path).</summary>
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        Capture("host stopping (SIGTERM or Ctrl+C)", null);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Runs after every hosted service stopped, so after the worker's drain: flushes, then persists the state noted at
    /// the notice or at SIGTERM. The flush gets its own <see cref="SpotOptions.FlushTimeout"/> because the host's
    /// shutdown token may already be spent by the drain.
    /// </summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.FlushTimeout, _time);
        await FlushAsync(timeout.Token).ConfigureAwait(false);
        var state = Volatile.Read(ref _stopState);
        if (state is not null && (Notice is not null || state.InFlight.Count > 0) && !string.IsNullOrEmpty(_options.StateFile))
        {
            await WorkerStateFile.WriteAsync(_options.StateFile, state, timeout.Token).ConfigureAwait(false);
        }

        Flushed = true;
        Log.ShutdownFlushed(_logger, _flushes.Length, state?.InFlight.Count ?? 0);
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
                    OnNotice(notice);
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

    private void OnNotice(InterruptionNotice notice)
    {
        Notice = notice;
        var deadline = notice.Time - _options.SafetyMargin;
        Log.InterruptionNotice(_logger, notice.Action, notice.Time, deadline - _time.GetUtcNow());
        _worker.LimitDrainUntil(deadline);
        Capture($"spot interruption ({notice.Action} at {notice.Time:O})", deadline);
        _lifetime.StopApplication();
    }

    /// <summary>Notes the in-flight messages once: the first of notice and host stop wins.</summary>
    private void Capture(string reason, DateTimeOffset? deadline) =>
        Interlocked.CompareExchange(ref _stopState, WorkerStateFile.Capture(reason, _time.GetUtcNow(), deadline, _worker.InFlightMessages), null);

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var flush in _flushes)
        {
            try
            {
                await flush.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // One failing (or timed-out) flush must not keep the others or the state recording from running.
                Log.FlushFailed(_logger, flush.GetType().Name, ex.Message);
            }
        }
    }
}
