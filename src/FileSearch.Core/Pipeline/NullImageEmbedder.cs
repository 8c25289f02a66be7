using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Core.Pipeline;

/// <summary>
/// The default image embedder until a real one is configured: it produces no vectors, so
/// documents are indexed for full text only. Documented fallback, not a fake result.
/// </summary>
public sealed class NullImageEmbedder : IImageEmbedder
{
    public int Dimension => 0;

    public string ModelId => string.Empty;

    public bool CanEmbed(FileKind kind) => false;

    public Task<float[]?> EmbedAsync(string imagePath, FileKind kind, CancellationToken cancellationToken) =>
        Task.FromResult<float[]?>(null);
}
