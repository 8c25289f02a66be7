using FileSearch.Core.Domain;

namespace FileSearch.Core.Ports;

/// <summary>
/// Turns an image into a vector (Bedrock Titan in production, a local descriptor embedded).
/// The default <see cref="Pipeline.NullImageEmbedder"/> produces none.
/// </summary>
public interface IImageEmbedder
{
    /// <summary>Vector dimension, or 0 when this embedder produces no vectors.</summary>
    int Dimension { get; }

    bool CanEmbed(FileKind kind);

    /// <summary>Returns an L2-normalised vector, or null when there is none for this file.</summary>
    Task<float[]?> EmbedAsync(string imagePath, FileKind kind, CancellationToken cancellationToken);
}
