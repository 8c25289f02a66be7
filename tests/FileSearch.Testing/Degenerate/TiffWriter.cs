using System.Buffers.Binary;

namespace FileSearch.Testing.Degenerate;

/// <summary>
/// A baseline TIFF writer for what libvips cannot write: a multi-page file whose pages differ in size (8-bit grey,
/// uncompressed, one strip per page, little-endian; TIFF 6.0 section 2).
/// </summary>
public static class TiffWriter
{
    private const int EntrySize = 12;

    public static byte[] GrayPages(IReadOnlyList<(int Width, int Height)> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        using var output = new MemoryStream();
        Span<byte> header = stackalloc byte[8];
        "II"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], 42);
        output.Write(header); // the first IFD offset is patched below
        var previousNextOffsetAt = 4L;
        for (var i = 0; i < pages.Count; i++)
        {
            var (w, h) = pages[i];
            var pixelsAt = output.Position;
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    output.WriteByte((byte)((x / 4 + y / 4 + i) % 2 == 0 ? 255 : 40));
                }
            }

            if (output.Position % 2 == 1)
            {
                output.WriteByte(0); // IFDs start on a word boundary
            }

            var ifdAt = output.Position;
            Patch(output, previousNextOffsetAt, (uint)ifdAt);
            (ushort Tag, ushort Type, uint Value)[] entries =
            [
                (254, 4, 2u), // NewSubfileType: a page of a multi-page image
                (256, 4, (uint)w),
                (257, 4, (uint)h),
                (258, 3, 8u),
                (259, 3, 1u),
                (262, 3, 1u), // BlackIsZero
                (273, 4, (uint)pixelsAt),
                (277, 3, 1u),
                (278, 4, (uint)h),
                (279, 4, (uint)(w * h)),
                (297, 3, (uint)i | ((uint)pages.Count << 16)), // PageNumber: page, of
            ];
            var ifd = new byte[2 + (entries.Length * EntrySize) + 4];
            BinaryPrimitives.WriteUInt16LittleEndian(ifd, (ushort)entries.Length);
            for (var e = 0; e < entries.Length; e++)
            {
                var at = ifd.AsSpan(2 + (e * EntrySize));
                BinaryPrimitives.WriteUInt16LittleEndian(at, entries[e].Tag);
                BinaryPrimitives.WriteUInt16LittleEndian(at[2..], entries[e].Type);
                BinaryPrimitives.WriteUInt32LittleEndian(at[4..], entries[e].Tag == 297 ? 2u : 1u);
                BinaryPrimitives.WriteUInt32LittleEndian(at[8..], entries[e].Value);
            }

            output.Write(ifd);
            previousNextOffsetAt = output.Position - 4;
        }

        return output.ToArray();
    }

    private static void Patch(MemoryStream output, long at, uint value)
    {
        var end = output.Position;
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        output.Position = at;
        output.Write(bytes);
        output.Position = end;
    }
}
