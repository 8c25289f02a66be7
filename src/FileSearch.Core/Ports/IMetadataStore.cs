using FileSearch.Core.Domain;

namespace FileSearch.Core.Ports;

/// <summary>Result of a conditional write.</summary>
public enum WriteOutcome
{
    Written = 0,

    /// <summary>The store already holds a newer version; nothing was written.</summary>
    Stale = 1,
}

/// <summary>
/// Document metadata (SQLite embedded, DynamoDB in production). Writes are conditional on the
/// document version: a record whose <see cref="DocumentRecord.Version"/> is older than the stored
/// one is not written (<see cref="WriteOutcome.Stale"/>); an equal version overwrites (idempotent).
/// </summary>
public interface IMetadataStore
{
    Task<DocumentRecord?> GetAsync(DocumentId id, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the record unless the stored version is newer.</summary>
    Task<WriteOutcome> PutAsync(DocumentRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Records the stage a PROCESSING attempt at <paramref name="version"/> is in (<paramref name="stage"/>; null: none)
    /// without rewriting the rest of the record (which carries the previous version's text). <see cref="WriteOutcome.Stale"/>
    /// when the stored record is not PROCESSING at exactly that version (another attempt or a newer version took over).
    /// Stores that have no narrower write read and put the record.
    /// </summary>
    async Task<WriteOutcome> SetActiveStageAsync(DocumentId id, DocumentVersion version, string? stage, CancellationToken cancellationToken)
    {
        var stored = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (stored is not { Status: DocumentStatus.Processing } || stored.Version.CompareTo(version) != 0)
        {
            return WriteOutcome.Stale;
        }

        return await PutAsync(stored with { ActiveStage = stage }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces the member ids (<see cref="DocumentRecord.ChildIds"/>) of a PROCESSING attempt at <paramref name="version"/>
    /// without rewriting the rest of the record: the members stage lists each member here before it writes the member's index
    /// entry and record, so a member written is always reachable from its file. <see cref="WriteOutcome.Stale"/> when the
    /// stored record is not PROCESSING at exactly that version. Stores that have no narrower write read and put the record.
    /// </summary>
    async Task<WriteOutcome> SetChildIdsAsync(DocumentId id, DocumentVersion version, IReadOnlyList<DocumentId> childIds, CancellationToken cancellationToken)
    {
        var stored = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (stored is not { Status: DocumentStatus.Processing } || stored.Version.CompareTo(version) != 0)
        {
            return WriteOutcome.Stale;
        }

        return await PutAsync(stored with { ChildIds = childIds }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds <paramref name="added"/> to the member ids of a PROCESSING attempt at <paramref name="version"/>, keeping every id
    /// already stored (<see cref="MergeChildIds"/>), so two live attempts at one version (a message delivered again while
    /// the first worker still runs) never drop the members the other listed. <paramref name="known"/> is the list the caller
    /// believes stored: a store that writes on that condition needs no read while no other attempt wrote meanwhile;
    /// <paramref name="added"/> may repeat ids already stored.
    /// <see cref="WriteOutcome.Stale"/> when the stored record is not PROCESSING at exactly that version. Stores that have no
    /// narrower write read and put the record.
    /// </summary>
    async Task<WriteOutcome> AddChildIdsAsync(
        DocumentId id, DocumentVersion version, IReadOnlyList<DocumentId> known, IReadOnlyList<DocumentId> added, CancellationToken cancellationToken)
    {
        var stored = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (stored is not { Status: DocumentStatus.Processing } || stored.Version.CompareTo(version) != 0)
        {
            return WriteOutcome.Stale;
        }

        return await PutAsync(stored with { ChildIds = MergeChildIds(stored.ChildIds, added) }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The ids of <paramref name="stored"/> followed by those of <paramref name="added"/> it lacks, each once.</summary>
    static IReadOnlyList<DocumentId> MergeChildIds(IReadOnlyList<DocumentId> stored, IEnumerable<DocumentId> added)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(added);
        var seen = new HashSet<DocumentId>(stored);
        return [.. stored, .. added.Where(seen.Add)];
    }

    /// <summary>Removes the record for good (used when a deleted document's tombstone is purged).</summary>
    Task RemoveAsync(DocumentId id, CancellationToken cancellationToken);

    /// <summary>
    /// Lists the records of the files of a bucket (any status), ordered by key; members and attachments
    /// (<see cref="DocumentRecord.ParentId"/> set), which share their file's key, are left out.
    /// </summary>
    IAsyncEnumerable<DocumentRecord> ListByBucketAsync(string bucket, CancellationToken cancellationToken);

    /// <summary>Finds a file by its original path, or by key when no path matches (members are never returned).</summary>
    Task<DocumentRecord?> FindByPathAsync(string pathOrKey, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<DocumentStatus, long>> CountByStatusAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Lists the records with the given status (any bucket, in no particular order). Records whose status changes
    /// during the listing may or may not be returned. Used by the reindexer to drain
    /// <see cref="DocumentStatus.PendingIndex"/> and to rebuild the index.
    /// </summary>
    IAsyncEnumerable<DocumentRecord> ListByStatusAsync(DocumentStatus status, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} cannot list documents by status");
}
