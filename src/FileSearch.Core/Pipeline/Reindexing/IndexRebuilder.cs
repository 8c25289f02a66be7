using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Core.Ports;
using FileSearch.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Pipeline.Reindexing;

/// <summary>
/// Rebuilds index entries from the metadata store, which keeps each document's extracted text, so nothing is
/// OCR'd again; archive members and mail attachments have records of their own and are rebuilt like files, linked to
/// their file. Image vectors are not in the metadata: with <see cref="ReindexOptions.RestoreVectors"/> (default) they
/// are recomputed from the originals by the image embedder (a member's read out of its file). Drains PENDING_INDEX after an index outage, or rebuilds
/// everything: in place, or side by side and swapped when the backend offers <see cref="ISearchIndexVersioning"/>.
/// </summary>
public sealed partial class IndexRebuilder
{
    private static readonly DocumentStatus[] Live = [DocumentStatus.Indexed, DocumentStatus.PendingIndex];
    private static readonly DocumentStatus[] Gone = [DocumentStatus.Deleted, DocumentStatus.Failed];

    private readonly IMetadataStore _metadata;
    private readonly ISearchIndex _index;
    private readonly ISearchIndexVersioning? _versioning;
    private readonly ISingleWriterIndex? _singleWriter;
    private readonly VectorRestorer _vectors;
    private readonly ReindexOptions _options;
    private readonly PipelineOptions _pipeline;
    private readonly TimeProvider _time;
    private readonly ILogger<IndexRebuilder> _logger;
    private readonly DocumentLifecycle _lifecycle;

    public IndexRebuilder(
        IMetadataStore metadata,
        ISearchIndex index,
        IObjectStore objects,
        IImageEmbedder embedder,
        TempWorkspace workspace,
        IErrorClassifier classifier,
        IOptions<ReindexOptions> options,
        IOptions<PipelineOptions> pipelineOptions,
        TimeProvider timeProvider,
        ILogger<IndexRebuilder> logger,
        ISearchIndexVersioning? versioning = null,
        ISingleWriterIndex? singleWriter = null,
        DocumentOriginals? originals = null,
        DocumentLifecycle? lifecycle = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pipelineOptions);
        _metadata = metadata;
        _index = index;
        _versioning = versioning;
        _singleWriter = singleWriter;
        _vectors = new VectorRestorer(objects, originals, embedder, workspace, classifier, logger);
        _options = options.Value;
        _pipeline = pipelineOptions.Value;
        _time = timeProvider;
        _logger = logger;
        _lifecycle = lifecycle ?? new DocumentLifecycle(metadata, index, objects, classifier, pipelineOptions, timeProvider, NullLogger<DocumentLifecycle>.Instance);
    }

    /// <summary>Indexes every PENDING_INDEX document and marks it INDEXED once the index has committed it.</summary>
    public Task<ReindexReport> DrainPendingAsync(CancellationToken cancellationToken) =>
        RunInPlaceAsync([DocumentStatus.PendingIndex], [], null, cancellationToken);

    /// <summary>Same as <see cref="RebuildAllAsync(bool, CancellationToken)"/>, keeping replaced versions.</summary>
    public Task<ReindexReport> RebuildAllAsync(CancellationToken cancellationToken) => RebuildAllAsync(false, cancellationToken);

    /// <summary>
    /// Indexes every INDEXED and PENDING_INDEX document again and leaves out DELETED and FAILED ones (after an analysis
    /// change, a lost index directory or a backend switch). With <see cref="ISearchIndexVersioning"/> the documents go to
    /// a new version that replaces the live one atomically (<paramref name="deletePrevious"/>: the old one is deleted);
    /// otherwise the live index is rewritten in place and DELETED/FAILED documents are removed from it. A local index
    /// (<see cref="ISingleWriterIndex"/>) that no longer reads (missing or corrupt segment files) is moved aside first
    /// and rebuilt from scratch.
    /// </summary>
    public async Task<ReindexReport> RebuildAllAsync(bool deletePrevious, CancellationToken cancellationToken)
    {
        if (_versioning is not null)
        {
            return await RebuildSideBySideAsync(_versioning, deletePrevious, cancellationToken).ConfigureAwait(false);
        }

        var (damage, movedTo) = await ResetIfDamagedAsync(cancellationToken).ConfigureAwait(false);
        var report = await RunInPlaceAsync(Live, Gone, null, cancellationToken).ConfigureAwait(false);
        return report with { Damage = damage, DamagedIndexMovedTo = movedTo };
    }

    /// <summary>
    /// Checks a local index (<see cref="ISingleWriterIndex"/>) and, when it no longer reads, moves it aside and rebuilds it
    /// from the metadata store. Returns null when there was nothing to repair. The caller has claimed the index.
    /// </summary>
    public async Task<ReindexReport?> RepairIfDamagedAsync(CancellationToken cancellationToken)
    {
        if (_singleWriter is null || await FindAndResetAsync(_singleWriter, cancellationToken).ConfigureAwait(false) is not { } reset)
        {
            return null;
        }

        var report = await RunInPlaceAsync(Live, [], null, cancellationToken).ConfigureAwait(false);
        return report with { Damage = reset.Damage, DamagedIndexMovedTo = reset.MovedTo };
    }

    private async Task<(string? Damage, string? MovedTo)> ResetIfDamagedAsync(CancellationToken cancellationToken)
    {
        if (_singleWriter is null)
        {
            return (null, null);
        }

        await _singleWriter.ClaimWriterAsync(cancellationToken).ConfigureAwait(false);
        return await FindAndResetAsync(_singleWriter, cancellationToken).ConfigureAwait(false) is { } reset ? reset : (null, null);
    }

    /// <summary>When the local index no longer reads: logs why, moves it aside and starts an empty one; else null.</summary>
    private async Task<(string Damage, string MovedTo)?> FindAndResetAsync(ISingleWriterIndex index, CancellationToken cancellationToken)
    {
        if (await index.FindDamageAsync(cancellationToken).ConfigureAwait(false) is not { } damage)
        {
            return null;
        }

        Log.IndexDamaged(_logger, index.Location, damage);
        return (damage, await index.ResetAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Builds the index entry of a stored record (the same fields the index stage writes), without a vector.</summary>
    public IndexDocument ToIndexDocument(DocumentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var text = record.Text ?? string.Empty;
        var max = _pipeline.MaxStoredTextChars;
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
            Indexed = _time.GetUtcNow(),
            Text = TextNormalizer.NormalizeForIndex(text.Length > max ? text[..max] : text),
            Permissions = record.Permissions,
            Version = record.Version,
            ParentId = record.ParentId,
            MemberPath = record.MemberPath,
        };
    }

    /// <summary>
    /// The index entry of a stored record as <c>reindex</c> writes it: the stored text (nothing extracted again) and, when
    /// <see cref="ReindexOptions.RestoreVectors"/> is on, the image vector recomputed by the embedder.
    /// </summary>
    public Task<IndexDocument> BuildEntryAsync(DocumentRecord record, CancellationToken cancellationToken) =>
        BuildAsync(record, new Counters(), cancellationToken);

    /// <summary>The index entry of a stored record with its image vector recomputed (when the options ask for it).</summary>
    private async Task<IndexDocument> BuildAsync(DocumentRecord record, Counters counters, CancellationToken cancellationToken)
    {
        var document = ToIndexDocument(record);
        if (!_options.RestoreVectors)
        {
            return document;
        }

        var vector = await _vectors.EmbedAsync(record, cancellationToken).ConfigureAwait(false);
        if (vector is null)
        {
            return document;
        }

        counters.Vectors++;
        return document with { Vector = vector, VectorModel = _vectors.ModelId };
    }

    /// <summary>
    /// Writes <paramref name="toIndex"/> records to the live index and removes <paramref name="toRemove"/> ones; with
    /// <paramref name="since"/> only records updated at or after that time (the catch-up after a swap).
    /// </summary>
    private async Task<ReindexReport> RunInPlaceAsync(
        DocumentStatus[] toIndex, DocumentStatus[] toRemove, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var counters = new Counters();
        var batch = new List<(DocumentRecord Record, bool Write)>(_options.BatchSize);
        foreach (var status in toIndex)
        {
            await foreach (var record in _metadata.ListByStatusAsync(status, cancellationToken).ConfigureAwait(false))
            {
                if (since is not null && record.UpdatedAt < since)
                {
                    continue;
                }

                var entry = await BuildAsync(record, counters, cancellationToken).ConfigureAwait(false);
                await _index.IndexAsync(entry, cancellationToken).ConfigureAwait(false);

                // A vector restored by another model than the record names: the record says so too (backfill goes by it).
                var modelChanged = entry.VectorModel is { } model && !string.Equals(model, record.VectorModel, StringComparison.Ordinal);
                batch.Add((modelChanged ? record with { VectorModel = entry.VectorModel } : record,
                    modelChanged || record.Status == DocumentStatus.PendingIndex));
                if (batch.Count >= _options.BatchSize)
                {
                    await _index.CommitAsync(cancellationToken).ConfigureAwait(false);
                    await CompleteAsync(batch, counters, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        foreach (var status in toRemove)
        {
            await foreach (var record in _metadata.ListByStatusAsync(status, cancellationToken).ConfigureAwait(false))
            {
                if (since is null || record.UpdatedAt >= since)
                {
                    await _index.DeleteAsync(record.Id, record.Version, cancellationToken).ConfigureAwait(false);
                    counters.Removed++;
                }
            }
        }

        await _index.CommitAsync(cancellationToken).ConfigureAwait(false);
        await CompleteAsync(batch, counters, cancellationToken).ConfigureAwait(false);
        Log.Reindexed(_logger, counters.Indexed, counters.Removed, counters.Skipped, (long)_time.GetElapsedTime(started).TotalMilliseconds);
        return counters.Report();
    }

    /// <summary>
    /// Marks the committed batch's PENDING_INDEX records INDEXED, records the model of restored vectors, and counts it.
    /// </summary>
    private async Task CompleteAsync(List<(DocumentRecord Record, bool Write)> batch, Counters counters, CancellationToken cancellationToken)
    {
        counters.Indexed += batch.Count;
        foreach (var (record, _) in batch.Where(b => b.Write))
        {
            // Conditional on the version: a newer version processed meanwhile wins (and indexed itself). A record whose only
            // change is its vector model keeps its time, so a catch-up pass after a versioned rebuild does not index it again.
            var updated = record.Status == DocumentStatus.PendingIndex ? _time.GetUtcNow() : record.UpdatedAt;
            var completed = record with { Status = DocumentStatus.Indexed, UpdatedAt = updated };
            if (record is { Status: DocumentStatus.PendingIndex, ParentId: null, ChildIds.Count: > 0 })
            {
                // The previous version's members stayed listed beside this version's while the index was down: now they go.
                // A file whose reading the outage cut stays PENDING_INDEX until the drainer has it read again.
                completed = completed with
                {
                    ChildIds = await _lifecycle.RemoveOlderChildrenAsync(record, cancellationToken).ConfigureAwait(false),
                    Status = IsCut(record) ? DocumentStatus.PendingIndex : DocumentStatus.Indexed,
                };
            }

            var written = await _metadata.PutAsync(completed, cancellationToken).ConfigureAwait(false);
            counters.Skipped += written == WriteOutcome.Stale ? 1 : 0;
        }

        batch.Clear();
    }

    /// <summary>A file whose members the limit left beside the previous version's cut while the index was down.</summary>
    internal static bool IsCut(DocumentRecord record) =>
        record is { ParentId: null, FailureReason: { } reason } && reason.StartsWith(ChildDocumentsStage.MembersAfterIndexCode + ":", StringComparison.Ordinal);

    /// <summary>Running totals of one reindex run.</summary>
    private sealed class Counters
    {
        public long Indexed { get; set; }

        public long Removed { get; set; }

        public long Skipped { get; set; }

        public long Vectors { get; set; }

        public ReindexReport Report() => new(Indexed - Skipped, Removed, Skipped) { Vectors = Vectors };
    }
}
