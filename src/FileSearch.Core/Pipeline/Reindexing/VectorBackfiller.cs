using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Pipeline.Reindexing;

/// <summary>
/// Re-embeds documents indexed without their image vector (<see cref="DocumentRecord.VectorPending"/>, set when the
/// embedder was unavailable) and images whose vector was made by another model than the configured embedder's
/// (<see cref="DocumentRecord.VectorModel"/>: a changed <c>Backends:Embedder</c>, or indexed before model ids were
/// recorded): downloads the stored original, embeds it, rewrites the index entry with the vector, commits, then clears
/// the flag and records the model (conditional on the version, so a newer version processed meanwhile wins).
/// Idempotent: a second run finds nothing to do.
/// </summary>
public sealed class VectorBackfiller(
    IMetadataStore metadata,
    ISearchIndex index,
    IObjectStore objectStore,
    IImageEmbedder embedder,
    IndexRebuilder rebuilder,
    TempWorkspace workspace,
    IErrorClassifier classifier,
    IOptions<ReindexOptions> options,
    ILogger<VectorBackfiller> logger,
    DocumentOriginals? originals = null)
{
    /// <summary>The INDEXED documents marked for a vector backfill, at most <paramref name="limit"/> (null: all).</summary>
    public async Task<IReadOnlyList<DocumentId>> FindPendingAsync(int? limit, CancellationToken cancellationToken)
    {
        var ids = new List<DocumentId>();
        await foreach (var record in metadata.ListByStatusAsync(DocumentStatus.Indexed, cancellationToken).ConfigureAwait(false))
        {
            if (ids.Count >= (limit ?? int.MaxValue))
            {
                break;
            }

            if (NeedsVector(record))
            {
                ids.Add(record.Id);
            }
        }

        return ids;
    }

    /// <summary>
    /// Backfills the given documents (from <see cref="FindPendingAsync"/>); <paramref name="progress"/> hears of each
    /// one done. Documents that fail stay marked; a document the embedder rejects for good is unmarked.
    /// </summary>
    public async Task<BackfillReport> BackfillAsync(IReadOnlyList<DocumentId> ids, IProgress<BackfillItem>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var report = new BackfillReport();
        var batch = new List<DocumentRecord>();
        foreach (var id in ids)
        {
            var (outcome, reason) = await BackfillOneAsync(id, batch, cancellationToken).ConfigureAwait(false);
            report.Count(outcome);
            progress?.Report(new BackfillItem(id, outcome, reason));
            if (batch.Count >= options.Value.BatchSize)
            {
                report.Superseded += await CompleteAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }

        report.Superseded += await CompleteAsync(batch, cancellationToken).ConfigureAwait(false);
        Log.Backfilled(logger, report.Embedded - report.Superseded, report.Rejected, report.Failed, report.Skipped);
        return report;
    }

    private async Task<(BackfillOutcome, string?)> BackfillOneAsync(DocumentId id, List<DocumentRecord> batch, CancellationToken cancellationToken)
    {
        var record = await metadata.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is not { Status: DocumentStatus.Indexed } || !NeedsVector(record))
        {
            return (BackfillOutcome.Skipped, "no longer pending");
        }

        if (!embedder.CanEmbed(record.Kind))
        {
            return (BackfillOutcome.Skipped, $"no image embedder for {record.Kind.ShortName()}");
        }

        var folder = workspace.CreateFolder();
        try
        {
            // A member's original is read out of its file; without the readers only files can be fetched.
            var path = Path.Combine(folder, "source" + DownloadStage.SafeExtension(record.Key));
            if (originals is not null)
            {
                path = await originals.FetchAsync(record, folder, cancellationToken).ConfigureAwait(false);
            }
            else if (record.IsMember)
            {
                return (BackfillOutcome.Skipped, "a member's original cannot be read without the container readers");
            }
            else
            {
                await objectStore.DownloadAsync(record.Bucket, record.Key, path, cancellationToken).ConfigureAwait(false);
            }

            var vector = await embedder.EmbedAsync(path, record.Kind, cancellationToken).ConfigureAwait(false);
            await index.IndexAsync(rebuilder.ToIndexDocument(record) with { Vector = vector, VectorModel = embedder.ModelId }, cancellationToken)
                .ConfigureAwait(false);
            batch.Add(record with { VectorModel = embedder.ModelId });
            return (BackfillOutcome.Embedded, null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var failure = classifier.Classify(ex);
            Log.BackfillFailed(logger, record.Bucket, record.Key, failure.Code, failure.Reason);
            if (failure.Kind == FailureKind.Permanent && failure.Code != "object-not-found" && failure.Code != "bucket-not-found")
            {
                // The model will never embed this file: stop asking.
                await metadata.PutAsync(record with { VectorPending = false, VectorModel = embedder.ModelId }, cancellationToken).ConfigureAwait(false);
                return (BackfillOutcome.Rejected, failure.Reason);
            }

            return (BackfillOutcome.Failed, failure.Reason);
        }
        finally
        {
            TempWorkspace.DeleteFolder(folder);
        }
    }

    /// <summary>
    /// True when the document waits for its vector, or is an image the embedder handles that another model (or no recorded
    /// one) embedded.
    /// </summary>
    private bool NeedsVector(DocumentRecord record) =>
        record.VectorPending
        || (embedder.ModelId.Length > 0 && embedder.CanEmbed(record.Kind)
            && !string.Equals(record.VectorModel, embedder.ModelId, StringComparison.Ordinal));

    /// <summary>Commits the index, then unmarks the batch; returns how many were superseded by a newer version.</summary>
    private async Task<long> CompleteAsync(List<DocumentRecord> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        await index.CommitAsync(cancellationToken).ConfigureAwait(false);
        long superseded = 0;
        foreach (var record in batch)
        {
            var written = await metadata.PutAsync(record with { VectorPending = false }, cancellationToken).ConfigureAwait(false);
            superseded += written == WriteOutcome.Stale ? 1 : 0;
        }

        batch.Clear();
        return superseded;
    }
}
