using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Core.Ports;

namespace FileSearch.Core.Pipeline.Internals;

/// <summary>
/// Writes the members one reading of a container makes so that each is listed by its file before it exists: members are
/// gathered as they are read, then their ids are added to the file's PROCESSING record in one narrow write
/// (<see cref="IMetadataStore.AddChildIdsAsync"/>, which keeps the ids another live attempt at the version added), and only then are their thumbnails stored and their index entries and
/// records written. Whatever
/// ends the attempt (a failure, a kill), every member written is in the stored list, which a later version, a deletion or a
/// FAILED record removes. The batch grows with the list (a quarter of it, between <see cref="PipelineOptions.MemberWriteBatch"/>
/// and 1,024), so a large archive costs a few dozen list writes, and is written sooner once its texts and thumbnails reach
/// <see cref="MaxGatheredChars"/>.
/// </summary>
internal sealed class MemberWriter
{
    /// <summary>Text characters and thumbnail bytes gathered at most before the batch is written (bounds the memory a batch holds).</summary>
    public const int MaxGatheredChars = 2_000_000;

    private const int MaxBatch = 1024;

    private readonly ProcessingContext _context;
    private readonly ISearchIndex _index;
    private readonly IMetadataStore _metadata;
    private readonly DocumentLifecycle _lifecycle;
    private readonly ThumbnailStage _thumbnails;
    private readonly PipelineOptions _options;
    private readonly List<Gathered> _gathered = [];
    private readonly List<DocumentId> _listed;
    private readonly HashSet<DocumentId> _listedSet;
    private long _gatheredChars;

    public MemberWriter(
        ProcessingContext context, ISearchIndex index, IMetadataStore metadata, DocumentLifecycle lifecycle, ThumbnailStage thumbnails, PipelineOptions options)
    {
        _context = context;
        _index = index;
        _metadata = metadata;
        _lifecycle = lifecycle;
        _thumbnails = thumbnails;
        _options = options;
        _listed = [.. (context.Previous?.ChildIds ?? []).Distinct()];
        _listedSet = [.. _listed];
    }

    /// <summary>The members written, in the order read.</summary>
    public List<DocumentId> Written { get; } = [];

    /// <summary>Members of earlier attempts removed part way so that the list stays within <see cref="PipelineOptions.MaxChildDocuments"/>.</summary>
    public HashSet<DocumentId> Pruned { get; } = [];

    /// <summary>Gathers a member read; writes the batch when it is full.</summary>
    /// <param name="member">The member's context.</param>
    /// <param name="document">Its index entry, null while the index is unavailable (the record is PENDING_INDEX).</param>
    /// <param name="record">Its metadata record.</param>
    /// <param name="thumbnails">Its thumbnails, rendered and not stored yet.</param>
    /// <param name="cancellationToken">Cancels.</param>
    public async Task AddAsync(
        ProcessingContext member, IndexDocument? document, DocumentRecord record, IReadOnlyList<Thumbnail> thumbnails, CancellationToken cancellationToken)
    {
        _gathered.Add(new Gathered(member, document, record, thumbnails));
        _gatheredChars += (record.Text?.Length ?? 0) + thumbnails.Sum(t => (long)t.Data.Length);
        if (_gathered.Count >= Math.Clamp(_listed.Count / 4, _options.MemberWriteBatch, MaxBatch) || _gatheredChars >= MaxGatheredChars)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Lists the gathered members on the file's record, then stores their thumbnails and writes their index entries and records.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_gathered.Count == 0)
        {
            return;
        }

        var fresh = _gathered.Select(g => g.Id).Where(id => !_listedSet.Contains(id)).Distinct().ToList();
        if (fresh.Count > 0)
        {
            await ListAsync(fresh, cancellationToken).ConfigureAwait(false);
        }

        foreach (var member in _gathered)
        {
            var record = member.Record;
            if (member.Thumbnails.Count > 0)
            {
                // Stored only now that the file lists the member: a deletion finds them by its id whatever ends the attempt.
                await _thumbnails.StoreAsync(member.Context, member.Thumbnails, cancellationToken).ConfigureAwait(false);
                record = record with { ThumbnailKeys = member.Context.ThumbnailKeys };
            }

            if (member.Document is { } document)
            {
                await _index.IndexAsync(document, cancellationToken).ConfigureAwait(false);
            }

            await _metadata.PutAsync(record, cancellationToken).ConfigureAwait(false);
            Written.Add(member.Id);
        }

        _gathered.Clear();
        _gatheredChars = 0;
    }

    private async Task ListAsync(List<DocumentId> fresh, CancellationToken cancellationToken)
    {
        var evt = _context.Event;
        var prunedBefore = Pruned.Count;
        if (!_context.IndexPending && _listed.Count + fresh.Count > _options.MaxChildDocuments)
        {
            // The earlier members not read again so far would push the list past the limit that keeps it in one DynamoDB item:
            // they are removed now rather than after the reading (one that is read later is written again).
            var kept = Written.Concat(_gathered.Select(g => g.Id)).ToHashSet();
            var stale = _listed.Where(id => !kept.Contains(id)).ToList();
            await _lifecycle.RemoveChildrenAsync(stale, evt.Version, cancellationToken).ConfigureAwait(false);
            Pruned.UnionWith(stale);
            _listedSet.ExceptWith(stale);
            _listed.RemoveAll(Pruned.Contains);
        }

        // Added to what is stored, so another live attempt at this version keeps the members it listed; all this attempt has
        // listed is added again, not only the fresh ids, as that attempt's PROCESSING put may have replaced the list with the
        // one it read just before. The list is only replaced when members were removed above to keep it within the limit.
        List<DocumentId> list = [.. _listed, .. fresh];
        var outcome = Pruned.Count > prunedBefore
            ? await _metadata.SetChildIdsAsync(evt.DocumentId, evt.Version, list, cancellationToken).ConfigureAwait(false)
            : await _metadata.AddChildIdsAsync(evt.DocumentId, evt.Version, _listed, list, cancellationToken).ConfigureAwait(false);
        if (outcome == WriteOutcome.Stale)
        {
            // Another version (or a deletion, or another attempt that finished) took the record: what this attempt wrote
            // follows it, and the message is tried again, which then finds the newer state.
            var winner = await _lifecycle.FollowWinnerAsync(evt, Written, cancellationToken).ConfigureAwait(false);
            throw ProcessingException.Retryable("superseded",
                $"The record of {evt.Key} is no longer this attempt's ({winner?.Status.ToString() ?? "removed"}); its members were not all written");
        }

        _listed.AddRange(fresh);
        _listedSet.UnionWith(fresh);
        // A failure recorded by this attempt (RecordFailureAsync) removes every member listed so far.
        _context.ChildIds = [.. _listed];
    }

    private sealed record Gathered(ProcessingContext Context, IndexDocument? Document, DocumentRecord Record, IReadOnlyList<Thumbnail> Thumbnails)
    {
        public DocumentId Id => Context.DocumentId;
    }
}
