using FileSearch.Core.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FileSearch.Core.Pipeline.Reindexing;

/// <summary>
/// Worker-mode start step, before the queue worker takes a message: claims a local index for this process (a second
/// worker on the same data directory fails to start, naming the first) and, when the index no longer reads, moves it
/// aside and rebuilds it from the metadata store. Does nothing for backends that coordinate writers themselves.
/// </summary>
public sealed class IndexClaimService(IndexRebuilder rebuilder, ILogger<IndexClaimService> logger, ISingleWriterIndex? index = null) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (index is null)
        {
            return;
        }

        await index.ClaimWriterAsync(cancellationToken).ConfigureAwait(false);
        Log.IndexClaimed(logger, index.Location);
        if (await rebuilder.RepairIfDamagedAsync(cancellationToken).ConfigureAwait(false) is { } report)
        {
            Log.IndexRepaired(logger, report.Indexed, report.DamagedIndexMovedTo ?? index.Location);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
