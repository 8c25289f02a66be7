using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Pipeline.Reindexing;

/// <summary>
/// Rebuilds index entries from the metadata store, which keeps each document's extracted text, so nothing is
/// downloaded or OCR'd again. Drains PENDING_INDEX after an index outage, or rebuilds everything.
/// </summary>
/// <remarks>Image vectors are not kept in the metadata store; documents reindexed here have none until reprocessed.</remarks>
public sealed class IndexRebuilder(
    IMetadataStore metadata,
    ISearchIndex index,
    IOptions<ReindexOptions> options,
    IOptions<PipelineOptions> pipelineOptions,
    TimeProvider timeProvider,
    ILogger<IndexRebuilder> logger)
{
    /// <summary>Indexes every PENDING_INDEX document and marks it INDEXED once the index has committed it.</summary>
    public Task<ReindexReport> DrainPendingAsync(CancellationToken cancellationToken) =>
        RunAsync([DocumentStatus.PendingIndex], [], cancellationToken);

    /// <summary>
    /// Indexes every INDEXED and PENDING_INDEX document again and removes DELETED and FAILED ones from the index
    /// (after an analysis change, a lost index directory or a backend switch).
    /// </summary>
    public Task<ReindexReport> RebuildAllAsync(CancellationToken cancellationToken) =>
        RunAsync([DocumentStatus.Indexed, DocumentStatus.PendingIndex], [DocumentStatus.Deleted, DocumentStatus.Failed], cancellationToken);

    /// <summary>Builds the index entry of a stored record (the same fields the index stage writes).</summary>
    public IndexDocument ToIndexDocument(DocumentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var text = record.Text ?? string.Empty;
        var max = pipelineOptions.Value.MaxStoredTextChars;
        return new IndexDocument
        {
            Id = record.Id,
            Bucket = record.Bucket,
            Key = record.Key,
            Name = record.Name,
            Path = record.OriginalPath ?? record.Key,
            Kind = record.Kind,
            Size = record.Size,
            Modified = record.LastModified ?? record.EventTime,
            Indexed = timeProvider.GetUtcNow(),
            Text = TextNormalizer.NormalizeForIndex(text.Length > max ? text[..max] : text),
        };
    }

    private async Task<ReindexReport> RunAsync(DocumentStatus[] toIndex, DocumentStatus[] toRemove, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        long indexed = 0, removed = 0, skipped = 0;
        var batch = new List<DocumentRecord>(options.Value.BatchSize);
        foreach (var status in toIndex)
        {
            await foreach (var record in metadata.ListByStatusAsync(status, cancellationToken).ConfigureAwait(false))
            {
                await index.IndexAsync(ToIndexDocument(record), cancellationToken).ConfigureAwait(false);
                batch.Add(record);
                if (batch.Count >= options.Value.BatchSize)
                {
                    skipped += await CompleteAsync(batch, cancellationToken).ConfigureAwait(false);
                    indexed += batch.Count;
                    batch.Clear();
                }
            }
        }

        foreach (var status in toRemove)
        {
            await foreach (var record in metadata.ListByStatusAsync(status, cancellationToken).ConfigureAwait(false))
            {
                await index.DeleteAsync(record.Id, cancellationToken).ConfigureAwait(false);
                removed++;
            }
        }

        skipped += await CompleteAsync(batch, cancellationToken).ConfigureAwait(false);
        indexed += batch.Count;
        Log.Reindexed(logger, indexed, removed, skipped, (long)timeProvider.GetElapsedTime(started).TotalMilliseconds);
        return new ReindexReport(indexed - skipped, removed, skipped);
    }

    /// <summary>Commits, then marks the batch's PENDING_INDEX records INDEXED; returns how many were superseded.</summary>
    private async Task<long> CompleteAsync(List<DocumentRecord> batch, CancellationToken cancellationToken)
    {
        await index.CommitAsync(cancellationToken).ConfigureAwait(false);
        long superseded = 0;
        foreach (var record in batch.Where(r => r.Status == DocumentStatus.PendingIndex))
        {
            // Conditional on the version: a newer version processed meanwhile wins (and indexed itself).
            var written = await metadata.PutAsync(record with { Status = DocumentStatus.Indexed, UpdatedAt = timeProvider.GetUtcNow() }, cancellationToken)
                .ConfigureAwait(false);
            superseded += written == WriteOutcome.Stale ? 1 : 0;
        }

        return superseded;
    }
}
