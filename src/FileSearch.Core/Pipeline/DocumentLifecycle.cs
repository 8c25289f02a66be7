using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Core.Similarity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Pipeline;

/// <summary>
/// The changes of a document's state that several paths make, written once: the metadata record built from what
/// processing found, a FAILED record (from the processor on a permanent failure, from the message handler after the last
/// retry), removal from the index, and deletion of thumbnails (of a deleted file, or variants no longer produced).
/// </summary>
public sealed class DocumentLifecycle(
    IMetadataStore metadata,
    ISearchIndex index,
    IObjectStore objectStore,
    IErrorClassifier classifier,
    IOptions<PipelineOptions> options,
    TimeProvider timeProvider,
    ILogger<DocumentLifecycle> logger)
{
    /// <summary>The near-duplicate signature of the text the record of <paramref name="context"/> will store.</summary>
    public string? TextSignatureOf(ProcessingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return MinHashSignature.Compute(Stored(context.Extraction?.Text).Text)?.ToBase64();
    }

    /// <summary>The text as records store it: cut at <see cref="PipelineOptions.MaxStoredTextChars"/>.</summary>
    private (string? Text, bool Truncated) Stored(string? text)
    {
        var max = options.Value.MaxStoredTextChars;
        return text is not null && text.Length > max ? (text[..max], true) : (text, false);
    }

    /// <summary>The metadata record of the document as processing left it, with <paramref name="status"/>.</summary>
    public DocumentRecord BuildRecord(ProcessingContext context, DocumentStatus status)
    {
        ArgumentNullException.ThrowIfNull(context);
        var evt = context.Event;
        var now = timeProvider.GetUtcNow();
        var text = context.Extraction?.Text;
        var (stored, truncated) = Stored(text);
        return new DocumentRecord
        {
            Id = context.DocumentId,
            Bucket = evt.Bucket,
            Key = evt.Key,
            OriginalPath = evt.OriginalPath,
            Name = context.DocumentName,
            ParentId = context.Member?.ParentId,
            MemberPath = context.Member?.MemberPath,
            Kind = context.Kind,
            MimeType = context.Type is { } t ? t.Kind.MimeType() : evt.MimeType,
            Size = context.Object?.Size ?? evt.Size ?? 0,
            // A member has no object of its own: the file's ETag and version id would describe other bytes.
            ETag = context.Object?.ETag ?? (context.Member is null ? evt.ETag : null),
            ContentSha256 = context.ContentSha256,
            TextSignature = context.TextSignature ?? MinHashSignature.Compute(stored)?.ToBase64(),
            VersionId = context.Object?.VersionId ?? (context.Member is null ? evt.VersionId : null),
            Sequencer = evt.Sequencer,
            EventTime = evt.EventTime,
            LastModified = context.Object?.LastModified,
            Status = status,
            PageCount = context.Extraction?.PageCount,
            OcrConfidence = context.Extraction?.OcrConfidence,
            Ocr = context.Extraction?.Ocr,
            ThumbnailKeys = context.ThumbnailKeys,
            TextLength = text?.Length ?? 0,
            Truncated = truncated,
            VectorPending = context.VectorPending,
            VectorModel = context.VectorModel,
            ExtractionMethod = context.Extraction?.Method,
            FailureReason = context.MembersLeftOut ?? context.Extraction?.Unread,
            Permissions = context.Permissions,
            ChildIds = context.ChildIds,
            Text = stored,
            CreatedAt = context.Previous?.CreatedAt ?? now,
            UpdatedAt = now,
        };
    }

    /// <summary>
    /// Marks the document FAILED after the last retry of a retryable failure (nothing of the file was processed); the
    /// members its stored record lists are removed with it, not left behind.
    /// </summary>
    public async Task MarkFailedAsync(FileEvent fileEvent, FailureClassification failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fileEvent);
        var context = new ProcessingContext(fileEvent, string.Empty, timeProvider);
        try
        {
            context.Previous = await metadata.GetAsync(fileEvent.DocumentId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.FileFailed(logger, fileEvent.Bucket, fileEvent.Key, classifier.Classify(ex).Kind.ToString(), "record-failure", ex.Message);
        }

        await RecordFailureAsync(context, failure, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores a FAILED record with the reason and, when that write won (no newer version stored), removes the document from
    /// the index: the file as it is now cannot be searched, and an older version's text must not stay findable. Failures
    /// of this bookkeeping are logged, never thrown: the caller is already handling a failure.
    /// </summary>
    public async Task RecordFailureAsync(ProcessingContext context, FailureClassification failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(failure);
        // The record keeps the member ids until they are gone from the index, so a later deletion still finds them.
        var children = (context.Previous?.ChildIds ?? []).Union(context.ChildIds).ToList();
        var record = BuildRecord(context, DocumentStatus.Failed) with { FailureReason = $"{failure.Code}: {failure.Reason}", ChildIds = children };
        try
        {
            if (await metadata.PutAsync(record, cancellationToken).ConfigureAwait(false) == WriteOutcome.Written)
            {
                await RemoveFromIndexAsync(context.Event.DocumentId, record.Version, cancellationToken).ConfigureAwait(false);
                if (children.Count > 0)
                {
                    await RemoveChildrenAsync(children, record.Version, cancellationToken).ConfigureAwait(false);
                    await metadata.PutAsync(record with { ChildIds = [] }, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var secondary = classifier.Classify(ex);
            Log.FileFailed(logger, context.Event.Bucket, context.Event.Key, secondary.Kind.ToString(), "record-failure", secondary.Reason);
        }
    }

    /// <summary>
    /// Deletes the document's index entry unless it is of a newer version than <paramref name="upTo"/>, and commits, so the
    /// removal is durable when this returns.
    /// </summary>
    public async Task RemoveFromIndexAsync(DocumentId id, DocumentVersion upTo, CancellationToken cancellationToken)
    {
        await index.DeleteAsync(id, upTo, cancellationToken).ConfigureAwait(false);
        await index.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes a file's members and attachments (<see cref="DocumentRecord.ChildIds"/>) unless they are of a newer version
    /// than <paramref name="upTo"/>: their index entries (with their vectors), committed first, then their thumbnails and
    /// metadata records, so a failure part way leaves records that a retry still finds; nothing to do for none. A member
    /// listed without a record (its attempt died after listing it) has its thumbnails found under its id's prefix.
    /// </summary>
    public async Task RemoveChildrenAsync(IEnumerable<DocumentId> childIds, DocumentVersion upTo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(childIds);
        var ids = childIds.ToList();
        if (ids.Count == 0)
        {
            return;
        }

        foreach (var id in ids)
        {
            await index.DeleteAsync(id, upTo, cancellationToken).ConfigureAwait(false);
        }

        await index.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var id in ids)
        {
            var record = await metadata.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                await DeleteThumbnailsAsync(await objectStore.ListAsync(options.Value.ThumbnailBucket, ThumbnailPrefixOf(id), cancellationToken)
                    .Select(o => o.Key).ToListAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (upTo.IsOlderThan(record.Version))
            {
                continue;
            }

            await DeleteThumbnailsAsync(record.ThumbnailKeys, cancellationToken).ConfigureAwait(false);
            await metadata.RemoveAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Once the index answers after an outage: removes the members <paramref name="file"/> lists that are of an older version
    /// than the file (the previous version's, which stayed listed because only the index could drop them) or that have no
    /// record (an attempt that died), as <see cref="RemoveChildrenAsync"/> does; returns the ids kept, the file's own members.
    /// </summary>
    public async Task<IReadOnlyList<DocumentId>> RemoveOlderChildrenAsync(DocumentRecord file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var kept = new List<DocumentId>(file.ChildIds.Count);
        var older = new List<DocumentId>();
        foreach (var id in file.ChildIds.Distinct())
        {
            var child = await metadata.GetAsync(id, cancellationToken).ConfigureAwait(false);
            (child is not null && !child.Version.IsOlderThan(file.Version) ? kept : older).Add(id);
        }

        await RemoveChildrenAsync(older, file.Version, cancellationToken).ConfigureAwait(false);
        return kept;
    }

    /// <summary>
    /// After this instance wrote the index for <paramref name="fileEvent"/> and then lost the final conditional metadata
    /// write to another version: makes the index agree with the version that won. A winner that is indexed (or will be)
    /// needs nothing, as index writes never replace a newer version; a winner that is deleted or failed (or a record purged)
    /// has no entry, so the entry this instance wrote is removed, keeping any newer one.
    /// </summary>
    public Task<DocumentRecord?> FollowWinnerAsync(FileEvent fileEvent, CancellationToken cancellationToken) =>
        FollowWinnerAsync(fileEvent, null, cancellationToken);

    /// <summary>As <see cref="FollowWinnerAsync(FileEvent, CancellationToken)"/>, removing this instance's member documents too.</summary>
    /// <param name="fileEvent">The event this instance processed.</param>
    /// <param name="childIds">The member documents this instance indexed for it, removed with it.</param>
    /// <param name="cancellationToken">Cancels.</param>
    public async Task<DocumentRecord?> FollowWinnerAsync(FileEvent fileEvent, IReadOnlyCollection<DocumentId>? childIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fileEvent);
        var winner = await metadata.GetAsync(fileEvent.DocumentId, cancellationToken).ConfigureAwait(false);
        if (winner is null or { Status: DocumentStatus.Deleted or DocumentStatus.Failed })
        {
            var upTo = winner is not null && fileEvent.Version.IsOlderThan(winner.Version) ? winner.Version : fileEvent.Version;
            await RemoveFromIndexAsync(fileEvent.DocumentId, upTo, cancellationToken).ConfigureAwait(false);
            await RemoveChildrenAsync(childIds ?? [], upTo, cancellationToken).ConfigureAwait(false);
        }

        return winner;
    }

    /// <summary>The key prefix under which the thumbnails of document <paramref name="id"/> are stored.</summary>
    public string ThumbnailPrefixOf(DocumentId id) => $"{options.Value.ThumbnailPrefix}{id}/";

    /// <summary>Deletes thumbnails from the thumbnail bucket; returns how many.</summary>
    public async Task<int> DeleteThumbnailsAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var deleted = 0;
        foreach (var key in keys)
        {
            await objectStore.DeleteAsync(options.Value.ThumbnailBucket, key, cancellationToken).ConfigureAwait(false);
            deleted++;
        }

        return deleted;
    }
}
