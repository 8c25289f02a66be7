using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Pipeline.Stages;

/// <summary>
/// Renders thumbnails and stores them under <c>{prefix}{documentId}/{size}.{format}</c> in the thumbnail bucket.
/// A thumbnail failure never fails the document: the stage reports Degraded and the document is indexed without one.
/// Kinds the thumbnailer cannot draw (text, HTML, archives ...) get nothing stored: their card is drawn when it is asked for.
/// </summary>
public sealed class ThumbnailStage(
    IThumbnailer thumbnailer, IObjectStore objectStore, DocumentLifecycle lifecycle, IOptions<PipelineOptions> options, ILogger<ThumbnailStage> logger)
    : IPipelineStage
{
    public string Name => "thumbnail";

    public bool ParsesContentOf(ProcessingContext context) => thumbnailer.CanRender(context?.Kind ?? FileKind.Unknown);

    public async Task<StageResult> ExecuteAsync(ProcessingContext context, CancellationToken cancellationToken)
    {
        var (thumbnails, result) = await RenderCoreAsync(context, cancellationToken).ConfigureAwait(false);
        return result ?? await StoreAsync(context, thumbnails, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Renders the thumbnails without storing them (none when the kind has no renderer, whose earlier ones are deleted, or
    /// when rendering fails): a member's are stored by <see cref="StoreAsync"/> once its file lists it, so no thumbnail is
    /// stored that its file's record cannot reach.
    /// </summary>
    public async Task<IReadOnlyList<Thumbnail>> RenderAsync(ProcessingContext context, CancellationToken cancellationToken) =>
        (await RenderCoreAsync(context, cancellationToken).ConfigureAwait(false)).Thumbnails;

    /// <summary>The thumbnails rendered, or none with the stage's result when there is nothing to store.</summary>
    private async Task<(IReadOnlyList<Thumbnail> Thumbnails, StageResult? Result)> RenderCoreAsync(ProcessingContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.LocalPath ?? throw new InvalidOperationException("download must run before thumbnail");
        if (!thumbnailer.CanRender(context.Kind))
        {
            // A version that had a picture (or a card stored by an older release) leaves nothing behind.
            await lifecycle.DeleteThumbnailsAsync(context.Previous?.ThumbnailKeys ?? [], cancellationToken).ConfigureAwait(false);
            return ([], StageResult.Skipped($"no thumbnail renderer for {context.Kind.ShortName()}"));
        }

        try
        {
            return (await thumbnailer.CreateAsync(path, context.Kind, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ThumbnailFailed(logger, context.Event.Bucket, context.Event.Key, ex.Message);
            return ([], StageResult.Degraded("no thumbnail: " + ex.Message));
        }
    }

    /// <summary>
    /// Stores rendered thumbnails under the document's id, sets <see cref="ProcessingContext.ThumbnailKeys"/> and removes the
    /// variants of the previous version that are no longer produced.
    /// </summary>
    public async Task<StageResult> StoreAsync(ProcessingContext context, IReadOnlyList<Thumbnail> thumbnails, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(thumbnails);
        var bucket = options.Value.ThumbnailBucket;
        var keys = new List<string>(thumbnails.Count);
        try
        {
            foreach (var thumbnail in thumbnails)
            {
                var key = $"{lifecycle.ThumbnailPrefixOf(context.DocumentId)}{thumbnail.Size}.{thumbnail.Format}";
                using var stream = new MemoryStream(thumbnail.Data.ToArray(), writable: false);
                await objectStore.PutAsync(bucket, key, stream, thumbnail.ContentType, cancellationToken).ConfigureAwait(false);
                keys.Add(key);
            }
        }
        catch (ProcessingException ex) when (ex.Kind == FailureKind.Permanent)
        {
            // A storage problem that retrying cannot fix (missing bucket, access denied) must not fail the document;
            // transient ones propagate so the message is retried and the thumbnail is not lost.
            Log.ThumbnailFailed(logger, context.Event.Bucket, context.Event.Key, ex.Message);
            context.ThumbnailKeys = keys;
            return StageResult.Degraded("thumbnail not stored: " + ex.Message);
        }

        // Variants that are no longer produced (size or format changed) are removed.
        await lifecycle.DeleteThumbnailsAsync(context.Previous?.ThumbnailKeys.Except(keys, StringComparer.Ordinal) ?? [], cancellationToken)
            .ConfigureAwait(false);

        context.ThumbnailKeys = keys;
        return StageResult.Ok(string.Join(", ", thumbnails.Select(t => $"{t.Width}x{t.Height} {t.Format}")));
    }
}
