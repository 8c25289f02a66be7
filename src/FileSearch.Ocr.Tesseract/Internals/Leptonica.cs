using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>
/// The few leptonica calls that hand Tesseract a page as a <c>Pix</c>. <c>TessBaseAPISetImage</c> with raw bytes builds
/// its <c>Pix</c> one pixel at a time (about 15 ms for an A4 page at 300 dpi) before copying it once more; a <c>Pix</c>
/// filled here row by row with a vectorised byte swap costs a few milliseconds and is copied by Tesseract only once.
/// </summary>
internal static unsafe partial class Leptonica
{
    /// <summary>Debian 12's leptonica 1.82 (what <c>libtesseract5</c> depends on).</summary>
    public const string LibraryName = "liblept.so.5";

    [LibraryImport(LibraryName)]
    private static partial IntPtr pixCreateNoInit(int width, int height, int depth);

    [LibraryImport(LibraryName)]
    private static partial uint* pixGetData(IntPtr pix);

    [LibraryImport(LibraryName)]
    private static partial int pixGetWpl(IntPtr pix);

    [LibraryImport(LibraryName)]
    private static partial int pixSetResolution(IntPtr pix, int xres, int yres);

    [LibraryImport(LibraryName)]
    private static partial void pixDestroy(IntPtr* pix);

    /// <summary>True when leptonica loads (it is a dependency of libtesseract, so it does wherever Tesseract does).</summary>
    public static bool IsAvailable() => NativeLibrary.TryLoad(LibraryName, out _);

    /// <summary>
    /// An 8-bit <c>Pix</c> with <paramref name="pixels"/> (rows <paramref name="stride"/> bytes apart) at
    /// <paramref name="dpi"/>; the caller destroys it with <see cref="Destroy"/>. Leptonica keeps pixel 0 of a row in the
    /// most significant byte of the row's first 32-bit word, so on a little-endian machine every 4 bytes are reversed.
    /// </summary>
    public static IntPtr CreateGray(ReadOnlySpan<byte> pixels, int width, int height, int stride, int dpi)
    {
        var pix = pixCreateNoInit(width, height, 8);
        if (pix == IntPtr.Zero)
        {
            throw new InvalidOperationException($"leptonica could not allocate a {width}x{height} page");
        }

        var data = pixGetData(pix);
        var wpl = pixGetWpl(pix);
        var whole = width / 4;
        Span<byte> tail = stackalloc byte[4];
        for (var y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * stride, width);
            var words = new Span<uint>(data + ((long)y * wpl), wpl);
            BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(row[..(whole * 4)]), words[..whole]);
            if (whole < wpl)
            {
                // The last, partial word: the row's remaining pixels, then white padding Tesseract never reads.
                tail.Fill(255);
                row[(whole * 4)..].CopyTo(tail);
                words[whole] = BinaryPrimitives.ReadUInt32BigEndian(tail);
            }
        }

        pixSetResolution(pix, dpi, dpi);
        return pix;
    }

    /// <summary>Releases a <c>Pix</c> made by <see cref="CreateGray"/> (Tesseract holds its own copy).</summary>
    public static void Destroy(IntPtr pix) => pixDestroy(&pix);
}
