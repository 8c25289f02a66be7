using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FileSearch.Core.Pipeline.Reindexing;

/// <summary>
/// Worker-mode start step, before anything else: reads the structure of every local store (<see cref="IStorageIntegrity"/>:
/// the embedded queue and metadata databases) and refuses to start on a damaged one with
/// <see cref="StorageDamagedException"/>, whose message says how to recover it. A damaged queue is never emptied or
/// recreated, so no queued work is lost silently; a damaged index is handled by <see cref="IndexClaimService"/> (rebuilt
/// from the metadata store), which runs after this check.
/// Every page is read only when the last worker did not stop cleanly (killed, crashed, the machine lost power): reading
/// a metadata file of millions of documents' text takes minutes from a cold disk, which a clean restart need not pay.
/// After a clean stop the header and schema are read.
/// </summary>
public sealed class StorageCheckService(IEnumerable<IStorageIntegrity> stores, TimeProvider timeProvider, ILogger<StorageCheckService> logger)
    : IHostedService
{
    private volatile bool _checked;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var store in stores)
        {
            var started = timeProvider.GetTimestamp();
            var thorough = !store.TakeCleanStopMark();
            if (await store.FindDamageAsync(thorough, cancellationToken).ConfigureAwait(false) is { } problem)
            {
                throw new StorageDamagedException(store.StoreName, store.Location, problem);
            }

            Log.StorageChecked(logger, store.StoreName, store.Location, thorough ? "every page, the last worker did not stop cleanly" : "header and schema",
                (long)timeProvider.GetElapsedTime(started).TotalMilliseconds);
        }

        _checked = true;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // Hosted services stop in reverse order: the queue worker, registered after this, has drained by now.
        if (_checked)
        {
            foreach (var store in stores)
            {
                try
                {
                    store.MarkCleanStop();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    Log.CleanStopNotMarked(logger, store.StoreName, store.Location, ex.Message);
                }
            }
        }

        return Task.CompletedTask;
    }
}
