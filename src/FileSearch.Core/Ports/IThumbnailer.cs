using FileSearch.Core.Domain;

namespace FileSearch.Core.Ports;

/// <summary>An encoded thumbnail.</summary>
/// <param name="Size">Requested long-side size in pixels (the variant name: 256, 1024 ...).</param>
/// <param name="Width">Actual width.</param>
/// <param name="Height">Actual height.</param>
/// <param name="Format">File format / extension (webp, jpg).</param>
/// <param name="ContentType">MIME type.</param>
/// <param name="Data">Encoded bytes.</param>
public sealed record Thumbnail(int Size, int Width, int Height, string Format, string ContentType, ReadOnlyMemory<byte> Data);

/// <summary>Renders thumbnails. Returns an empty list when the type has no renderer (never fails the document for that).</summary>
public interface IThumbnailer
{
    bool CanRender(FileKind kind);

    Task<IReadOnlyList<Thumbnail>> CreateAsync(string filePath, FileKind kind, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="CreateAsync(string, FileKind, CancellationToken)"/>, with the document's own file name
    /// (the local copy is named <c>source.ext</c>) for renderers that draw it, such as placeholders.
    /// </summary>
    Task<IReadOnlyList<Thumbnail>> CreateAsync(string filePath, FileKind kind, string displayName, CancellationToken cancellationToken) =>
        CreateAsync(filePath, kind, cancellationToken);
}
