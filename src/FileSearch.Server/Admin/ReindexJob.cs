using FileSearch.Core.Pipeline.Reindexing;
using FileSearch.Server.Api;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FileSearch.Server.Admin;

/// <summary>
/// A reindex started from the API, one at a time, in the background: drains PENDING_INDEX documents or rebuilds the whole
/// index. It writes the index, so it fails (with the reason in its state) when a worker of another process holds it.
/// </summary>
public sealed partial class ReindexJob(IndexRebuilder rebuilder, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<ReindexJob> logger)
{
    private readonly Lock _gate = new();
    private ReindexStateDto _state = new(false, false, null, null, 0, 0, null);

    public ReindexStateDto State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Starts a run; false when one is running.</summary>
    public bool TryStart(bool all)
    {
        lock (_gate)
        {
            if (_state.Running)
            {
                return false;
            }

            _state = new ReindexStateDto(true, all, time.GetUtcNow(), null, 0, 0, null);
        }

        _ = Task.Run(() => RunAsync(all, lifetime.ApplicationStopping));
        return true;
    }

    private async Task RunAsync(bool all, CancellationToken cancellationToken)
    {
        ReindexStateDto finished;
        try
        {
            var report = all
                ? await rebuilder.RebuildAllAsync(deletePrevious: false, cancellationToken).ConfigureAwait(false)
                : await rebuilder.DrainPendingAsync(cancellationToken).ConfigureAwait(false);
            finished = State with { Running = false, FinishedAt = time.GetUtcNow(), Indexed = report.Indexed, Removed = report.Removed };
            LogFinished(logger, report.Indexed, report.Removed);
        }
        catch (Exception ex)
        {
            finished = State with { Running = false, FinishedAt = time.GetUtcNow(), Error = ex.Message };
            LogFailed(logger, ex.Message);
        }

        lock (_gate)
        {
            _state = finished;
        }
    }

    [LoggerMessage(EventId = 8402, Level = LogLevel.Information, Message = "Reindex from the API finished: {Indexed} indexed, {Removed} removed")]
    private static partial void LogFinished(ILogger logger, long indexed, long removed);

    [LoggerMessage(EventId = 8403, Level = LogLevel.Warning, Message = "Reindex from the API failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
