using FileSearch.Core.Domain;
using FileSearch.Core.Pipeline.Reindexing;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Core.Ports;

namespace FileSearch.Core.Pipeline;

/// <summary>
/// The permission-only path of a created event: the content is the one already stored (same ETag) and only who may read
/// it changed (<c>chmod</c>, <c>setfacl</c>, a folder's traverse bit, a path rule). The index entry is rewritten from the
/// stored text with the new permissions (<see cref="IndexRebuilder.BuildEntryAsync"/>: no download, detection,
/// extraction, OCR or thumbnail; an image's vector is recomputed by the embedder when reindexing restores vectors), then
/// the record is stored with the new version and permissions. Index first: if the metadata write fails, the next run
/// still sees the old permissions and repeats the update.
/// </summary>
public sealed class PermissionUpdater(
    IndexStage indexStage, IndexRebuilder rebuilder, IMetadataStore metadata, DocumentLifecycle lifecycle, TimeProvider timeProvider)
{
    /// <summary>
    /// True when the event is about the stored content (both ETags known and equal, quotes aside; the record INDEXED or PENDING_INDEX)
    /// and only the permissions differ. A file with members (<see cref="DocumentRecord.ChildIds"/>) is processed again instead,
    /// so its members carry the new permissions too.
    /// </summary>
    public static bool Applies(ProcessingContext context, DocumentRecord? previous)
    {
        ArgumentNullException.ThrowIfNull(context);
        // S3 event notifications carry the ETag without the quotes HeadObject/GetObject put around it.
        return previous is { Status: DocumentStatus.Indexed or DocumentStatus.PendingIndex, ETag: { } stored }
            && context.Event.ETag is { } etag
            && etag.Trim('"') == stored.Trim('"')
            && !Equals(context.Permissions, previous.Permissions)
            && previous.ChildIds.Count == 0;
    }

    public async Task<ProcessingOutcome> UpdateAsync(ProcessingContext context, DocumentRecord previous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(previous);
        var evt = context.Event;
        var record = previous with
        {
            Permissions = context.Permissions,
            Sequencer = evt.Sequencer,
            EventTime = evt.EventTime,
            VersionId = evt.VersionId ?? previous.VersionId,
            OriginalPath = evt.OriginalPath ?? previous.OriginalPath,
            UpdatedAt = timeProvider.GetUtcNow(),
        };

        // A PENDING_INDEX record is indexed by the drainer from the record, with whatever permissions it holds then.
        if (previous.Status == DocumentStatus.Indexed)
        {
            await context.RunAsync("index", async ct =>
            {
                var document = await rebuilder.BuildEntryAsync(record, ct).ConfigureAwait(false);
                var result = await indexStage.WriteAsync(context, document, ct).ConfigureAwait(false);
                return result.Status == StageStatus.Succeeded ? StageResult.Ok("permissions only, stored text") : result;
            }, cancellationToken).ConfigureAwait(false);
        }

        var status = context.IndexPending ? DocumentStatus.PendingIndex : previous.Status;
        var written = WriteOutcome.Stale;
        await context.RunAsync("metadata", async ct =>
        {
            written = await metadata.PutAsync(record with { Status = status }, ct).ConfigureAwait(false);
            if (written == WriteOutcome.Written)
            {
                return StageResult.Ok("permissions");
            }

            await lifecycle.FollowWinnerAsync(evt, ct).ConfigureAwait(false);
            return StageResult.Skipped("a newer version was stored meanwhile; the index follows it");
        }, cancellationToken).ConfigureAwait(false);
        return written == WriteOutcome.Stale ? ProcessingOutcome.Stale
            : status == DocumentStatus.PendingIndex ? ProcessingOutcome.PendingIndex
            : ProcessingOutcome.PermissionsUpdated;
    }
}
