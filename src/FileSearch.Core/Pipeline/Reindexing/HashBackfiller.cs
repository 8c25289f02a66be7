using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Core.Similarity;
using Microsoft.Extensions.Logging;

namespace FileSearch.Core.Pipeline.Reindexing;

/// <summary>What happened to one document of a hash backfill.</summary>
public enum HashBackfillOutcome
{
    /// <summary>Hash and text signature recorded.</summary>
    Hashed = 0,

    /// <summary>
    /// The stored original is no longer the processed file (other ETag or size): its text signature is recorded, its hash is
    /// left for the next processing.
    /// </summary>
    Changed = 1,

    /// <summary>A failure (object store unavailable, object gone); the document stays without a hash.</summary>
    Failed = 2,

    /// <summary>Nothing to do any more (hashed meanwhile, or no longer indexed).</summary>
    Skipped = 3,
}

/// <summary>One document done (for progress displays).</summary>
public sealed record HashBackfillItem(DocumentId Id, HashBackfillOutcome Outcome, string? Reason);

/// <summary>
/// Records the SHA-256 of the original (<see cref="DocumentRecord.ContentSha256"/>) and the MinHash signature of the
/// stored text (<see cref="DocumentRecord.TextSignature"/>) for documents processed before either was kept. The original is
/// streamed from the object store (no temporary file) and hashed only when it is still the file that was processed (same
/// ETag, or same size and modification time when no ETag was kept). Each record is written as soon as it is done,
/// conditional on its version: an interrupted run resumes where it stopped, and a second run finds nothing to do.
/// </summary>
public sealed class HashBackfiller(IMetadataStore metadata, IObjectStore objectStore, IErrorClassifier classifier, ILogger<HashBackfiller> logger)
{
    /// <summary>INDEXED and PENDING_INDEX documents without a content hash or a text signature, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<DocumentId>> FindPendingAsync(int? limit, CancellationToken cancellationToken)
    {
        var ids = new List<DocumentId>();
        foreach (var status in new[] { DocumentStatus.Indexed, DocumentStatus.PendingIndex })
        {
            await foreach (var record in metadata.ListByStatusAsync(status, cancellationToken).ConfigureAwait(false))
            {
                if (ids.Count >= (limit ?? int.MaxValue))
                {
                    return ids;
                }

                if (NeedsBackfill(record))
                {
                    ids.Add(record.Id);
                }
            }
        }

        return ids;
    }

    public async Task<IReadOnlyDictionary<HashBackfillOutcome, long>> BackfillAsync(IReadOnlyList<DocumentId> ids, IProgress<HashBackfillItem>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var counts = Enum.GetValues<HashBackfillOutcome>().ToDictionary(o => o, _ => 0L);
        foreach (var id in ids)
        {
            var (outcome, reason) = await BackfillOneAsync(id, cancellationToken).ConfigureAwait(false);
            counts[outcome]++;
            progress?.Report(new HashBackfillItem(id, outcome, reason));
        }

        Log.HashesBackfilled(logger, counts[HashBackfillOutcome.Hashed], counts[HashBackfillOutcome.Changed], counts[HashBackfillOutcome.Failed],
            counts[HashBackfillOutcome.Skipped]);
        return counts;
    }

    /// <summary>No hash, or a text without its signature (a document without text has none to record).</summary>
    private static bool NeedsBackfill(DocumentRecord record) =>
        record.ContentSha256 is null || (record.TextSignature is null && !string.IsNullOrWhiteSpace(record.Text));

    private async Task<(HashBackfillOutcome, string?)> BackfillOneAsync(DocumentId id, CancellationToken cancellationToken)
    {
        var record = await metadata.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is not { Status: DocumentStatus.Indexed or DocumentStatus.PendingIndex } || !NeedsBackfill(record))
        {
            return (HashBackfillOutcome.Skipped, "no longer pending");
        }

        var updated = record with { TextSignature = record.TextSignature ?? MinHashSignature.Compute(record.Text)?.ToBase64() };
        var changed = false;
        try
        {
            if (record.ContentSha256 is null)
            {
                var info = await objectStore.GetInfoAsync(record.Bucket, record.Key, cancellationToken).ConfigureAwait(false);
                if (info is null)
                {
                    return (HashBackfillOutcome.Failed, "the original is no longer in storage");
                }

                changed = !SameFile(record, info);
            }

            if (record.ContentSha256 is null && !changed)
            {
                var stream = await objectStore.OpenReadAsync(record.Bucket, record.Key, cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    updated = updated with { ContentSha256 = await Stages.DownloadStage.HashAsync(stream, cancellationToken).ConfigureAwait(false) };
                }
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var failure = classifier.Classify(ex);
            Log.HashBackfillFailed(logger, record.Bucket, record.Key, failure.Code, failure.Reason);
            return (HashBackfillOutcome.Failed, failure.Reason);
        }

        // Hashing a large original takes a while: write onto the record as it is now, unless it is another version by then
        // (a permission update of the same version meanwhile is kept).
        var current = await metadata.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (current is null || current.Version != record.Version || !string.Equals(current.ETag, record.ETag, StringComparison.Ordinal))
        {
            return (HashBackfillOutcome.Skipped, "a newer version was stored meanwhile");
        }

        if (!string.Equals(updated.TextSignature, record.TextSignature, StringComparison.Ordinal) || updated.ContentSha256 is not null)
        {
            var written = await metadata.PutAsync(current with { ContentSha256 = updated.ContentSha256, TextSignature = updated.TextSignature }, cancellationToken)
                .ConfigureAwait(false);
            if (written == WriteOutcome.Stale)
            {
                return (HashBackfillOutcome.Skipped, "a newer version was stored meanwhile");
            }
        }

        // The text signature comes from the stored text and is recorded either way; the hash waits for the next processing.
        return changed ? (HashBackfillOutcome.Changed, "the original changed since it was processed") : (HashBackfillOutcome.Hashed, null);
    }

    /// <summary>The object is the file that was processed: the same ETag when both are known, else the same size and time.</summary>
    private static bool SameFile(DocumentRecord record, ObjectInfo info) =>
        record.ETag is not null && info.ETag is not null
            ? string.Equals(record.ETag, info.ETag, StringComparison.Ordinal)
            : record.Size == info.Size && (record.LastModified is null || record.LastModified == info.LastModified);
}
