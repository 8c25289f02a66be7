using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Core.Pipeline.Reindexing;

public sealed partial class IndexRebuilder
{
    /// <summary>
    /// Workers on other machines stamp records with their own clocks: the catch-up after a swap looks this far before
    /// the rebuild's start so a little clock skew cannot hide a write that went to the replaced version.
    /// </summary>
    private static readonly TimeSpan CatchUpMargin = TimeSpan.FromMinutes(5);

    private async Task<ReindexReport> RebuildSideBySideAsync(ISearchIndexVersioning versioning, bool deletePrevious, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var since = _time.GetUtcNow() - CatchUpMargin;
        var counters = new Counters();
        var pending = new List<(DocumentRecord Record, bool Write)>();
        ISearchIndexRebuild build = await versioning.BeginRebuildAsync(cancellationToken).ConfigureAwait(false);
        await using (build.ConfigureAwait(false))
        {
            Log.RebuildStarted(_logger, build.Name);
            var inBatch = 0;
            foreach (var status in Live)
            {
                await foreach (var record in _metadata.ListByStatusAsync(status, cancellationToken).ConfigureAwait(false))
                {
                    await build.IndexAsync(await BuildAsync(record, counters, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                    counters.Indexed++;
                    if (record.Status == DocumentStatus.PendingIndex)
                    {
                        pending.Add((record, true));
                    }

                    if (++inBatch >= _options.BatchSize)
                    {
                        await build.CommitAsync(cancellationToken).ConfigureAwait(false);
                        inBatch = 0;
                    }
                }
            }

            await build.CommitAsync(cancellationToken).ConfigureAwait(false);
            var replaced = await build.SwapAsync(deletePrevious, cancellationToken).ConfigureAwait(false);
            Log.Swapped(_logger, build.Name, string.Join(", ", replaced), deletePrevious && replaced.Count > 0);

            // Workers kept writing through the live index while the new version filled: replay what changed meanwhile.
            var catchUp = await RunInPlaceAsync(Live, Gone, since, cancellationToken).ConfigureAwait(false);
            var marked = new Counters();
            await CompleteAsync(pending, marked, cancellationToken).ConfigureAwait(false);
            Log.Reindexed(_logger, counters.Indexed, catchUp.Removed, marked.Skipped, (long)_time.GetElapsedTime(started).TotalMilliseconds);
            return new ReindexReport(counters.Indexed - marked.Skipped, catchUp.Removed, marked.Skipped + catchUp.Skipped)
            {
                Vectors = counters.Vectors + catchUp.Vectors,
                SwappedTo = build.Name,
                Replaced = replaced,
                ReplacedDeleted = deletePrevious && replaced.Count > 0,
            };
        }
    }
}
