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
/// </summary>
public sealed class StorageCheckService(IEnumerable<IStorageIntegrity> stores, TimeProvider timeProvider, ILogger<StorageCheckService> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var store in stores)
        {
            var started = timeProvider.GetTimestamp();
            if (await store.FindDamageAsync(cancellationToken).ConfigureAwait(false) is { } problem)
            {
                throw new StorageDamagedException(store.StoreName, store.Location, problem);
            }

            Log.StorageChecked(logger, store.StoreName, store.Location, (long)timeProvider.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
