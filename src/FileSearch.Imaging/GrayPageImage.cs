using FileSearch.Imaging.Internals;

namespace FileSearch.Imaging;

/// <summary>
/// One page (or frame) of an image as 8-bit grayscale pixels, upright (EXIF orientation applied),
/// transparency flattened onto white. The pixels live in native memory: dispose the page as soon as
/// it has been consumed.
/// </summary>
public sealed class GrayPageImage : IDisposable
{
    private readonly NativeBuffer _buffer;

    internal GrayPageImage(int pageNumber, int width, int height, double? dpi, NativeBuffer buffer, PageSourceFacts? source = null)
    {
        PageNumber = pageNumber;
        Width = width;
        Height = height;
        Dpi = dpi;
        _buffer = buffer;
        Source = source ?? PageSourceFacts.Unknown;
    }

    /// <summary>1-based page or frame number.</summary>
    public int PageNumber { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Bytes per row; rows are packed, one byte per pixel.</summary>
    public int Stride => Width;

    /// <summary>Horizontal resolution in dots per inch when the file states a plausible one (50-4800); otherwise null.</summary>
    public double? Dpi { get; }

    /// <summary>What the file said about where the page came from (camera EXIF, colour); <see cref="PageSourceFacts.Unknown"/> for derived pages.</summary>
    public PageSourceFacts Source { get; }

    /// <summary>The pixels, <see cref="Stride"/> x <see cref="Height"/> bytes, 0 = black, 255 = white.</summary>
    /// <exception cref="ObjectDisposedException">The page has been disposed.</exception>
    public unsafe ReadOnlySpan<byte> Pixels
    {
        get
        {
            ObjectDisposedException.ThrowIf(_buffer.IsClosed, this);
            return new ReadOnlySpan<byte>((void*)_buffer.DangerousGetHandle(), checked((int)_buffer.Length));
        }
    }

    /// <summary>Frees the native pixel buffer.</summary>
    public void Dispose() => _buffer.Dispose();
}
