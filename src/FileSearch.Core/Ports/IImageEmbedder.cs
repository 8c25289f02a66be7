using FileSearch.Core.Domain;

namespace FileSearch.Core.Ports;

/// <summary>
/// Turns an image into a vector (a local pretrained network or descriptor embedded, Bedrock Titan in production).
/// The default <see cref="Pipeline.NullImageEmbedder"/> produces none.
/// </summary>
public interface IImageEmbedder
{
    /// <summary>Vector dimension, or 0 when this embedder produces no vectors.</summary>
    int Dimension { get; }

    /// <summary>
    /// Names the model and dimension of the vectors (for example <c>resnet18-imagenet-v1/512</c>), recorded with every
    /// vector: vectors of different ids are not comparable. Empty when this embedder produces no vectors.
    /// </summary>
    string ModelId { get; }

    bool CanEmbed(FileKind kind);

    /// <summary>Returns an L2-normalised vector, or null when there is none for this file.</summary>
    Task<float[]?> EmbedAsync(string imagePath, FileKind kind, CancellationToken cancellationToken);

    /// <summary>
    /// The vectors a similarity query by this image searches with; an indexed image scores its best match among them.
    /// An embedder whose vectors are not rotation-invariant returns the image in several orientations. Empty when the
    /// image has no vector.
    /// </summary>
    async Task<IReadOnlyList<float[]>> EmbedQueryAsync(string imagePath, FileKind kind, CancellationToken cancellationToken) =>
        await EmbedAsync(imagePath, kind, cancellationToken).ConfigureAwait(false) is { } vector ? [vector] : [];
}
