using FileSearch.Core.Domain;

namespace FileSearch.Core.Ports;

/// <summary>Similarity queries by an image file, the same for every front end.</summary>
public static class ImageEmbedderExtensions
{
    /// <summary>
    /// <paramref name="query"/> searching by the image in <paramref name="imagePath"/>: its query vectors
    /// (<see cref="IImageEmbedder.EmbedQueryAsync"/>, several orientations where the embedder needs them) and the
    /// embedder's model id, so only vectors of the same model are compared. Null when the image has no vector.
    /// </summary>
    public static async Task<SearchQuery?> WithImageAsync(this IImageEmbedder embedder, SearchQuery query, string imagePath, FileKind kind,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(query);
        if (embedder.Dimension == 0 || !embedder.CanEmbed(kind))
        {
            return null;
        }

        var vectors = await embedder.EmbedQueryAsync(imagePath, kind, cancellationToken).ConfigureAwait(false);
        return vectors.Count == 0
            ? null
            : query with
            {
                Vector = vectors[0],
                AlternativeVectors = [.. vectors.Skip(1).Select(v => (ReadOnlyMemory<float>)v)],
                VectorModel = embedder.ModelId.Length > 0 ? embedder.ModelId : null,
            };
    }
}
