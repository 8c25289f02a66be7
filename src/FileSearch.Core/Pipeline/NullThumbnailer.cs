using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Core.Pipeline;

/// <summary>Fallback when no thumbnail renderer is configured: renders nothing, documents are indexed without thumbnails.</summary>
public sealed class NullThumbnailer : IThumbnailer
{
    public bool CanRender(FileKind kind) => false;

    public Task<IReadOnlyList<Thumbnail>> CreateAsync(string filePath, FileKind kind, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Thumbnail>>([]);
}
