using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Logging;

namespace FileSearch.Core.Pipeline.Reindexing;

/// <summary>
/// Recomputes a stored document's image vector from its original, because the metadata store keeps the text but not
/// the vector: without this a rebuilt index would answer <c>similar</c> for nothing. Only the embedder runs (no OCR).
/// </summary>
internal sealed class VectorRestorer(
    IObjectStore objects,
    DocumentOriginals? originals,
    IImageEmbedder embedder,
    TempWorkspace workspace,
    IErrorClassifier classifier,
    ILogger logger)
{
    /// <summary>The model id of the vectors <see cref="EmbedAsync"/> returns.</summary>
    public string ModelId => embedder.ModelId;

    /// <summary>
    /// The vector of <paramref name="record"/>'s original, or null when the embedder does not handle its type, the
    /// original is gone, or the embedder rejects it. A member's original is read out of its file
    /// (<see cref="DocumentOriginals"/>). Retryable failures (embedder or store down) are thrown.
    /// </summary>
    public async Task<float[]?> EmbedAsync(DocumentRecord record, CancellationToken cancellationToken)
    {
        if (!embedder.CanEmbed(record.Kind) || (record.IsMember && originals is null))
        {
            return null;
        }

        var folder = workspace.CreateFolder();
        try
        {
            string local;
            if (originals is not null)
            {
                local = await originals.FetchAsync(record, folder, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                local = Path.Combine(folder, "source" + DownloadStage.SafeExtension(record.Key));
                await objects.DownloadAsync(record.Bucket, record.Key, local, cancellationToken).ConfigureAwait(false);
            }

            return await embedder.EmbedAsync(local, record.Kind, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && classifier.Classify(ex).Kind == FailureKind.Permanent)
        {
            // Same rule as the embedding stage: a missing or rejected image leaves the document searchable by text.
            Log.VectorNotRestored(logger, record.Bucket, record.Key, ex.Message);
            return null;
        }
        finally
        {
            TempWorkspace.DeleteFolder(folder);
        }
    }
}
