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

/// <summary>
/// Renders the thumbnails of files that have a picture of their own (images, PDF pages). Returns an empty list when the
/// type has no renderer (never fails the document for that); documents without one are shown with a placeholder card
/// drawn when it is asked for, so nothing is rendered or stored for them at ingest.
/// </summary>
public interface IThumbnailer
{
    bool CanRender(FileKind kind);

    Task<IReadOnlyList<Thumbnail>> CreateAsync(string filePath, FileKind kind, CancellationToken cancellationToken);
}
