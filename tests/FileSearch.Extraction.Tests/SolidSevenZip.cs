using System.Buffers.Binary;
using System.Text;
using SharpCompress.Compressors.LZMA;

namespace FileSearch.Extraction.Tests;

/// <summary>
/// Writes a solid 7z archive, as 7-Zip does by default: every member in one LZMA stream (one folder with one substream per
/// member), which SharpCompress's own writer does not make. The layout follows 7-Zip's 7zFormat.txt: signature header,
/// the packed stream, then the header (streams info with the sizes and CRCs of the substreams, then the names).
/// </summary>
internal static class SolidSevenZip
{
    private static readonly uint[] CrcTable = [.. Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }

        return c;
    })];

    public static byte[] Create(params (string Name, byte[] Data)[] members)
    {
        var unpacked = members.SelectMany(m => m.Data).ToArray();
        using var packedBuffer = new MemoryStream();
        byte[] properties;
        using (var lzma = LzmaStream.Create(new LzmaEncoderProperties(), false, packedBuffer))
        {
            properties = lzma.Properties;
            lzma.Write(unpacked);
        }

        var packed = packedBuffer.ToArray();
        using var header = new MemoryStream();
        header.WriteByte(0x01); // kHeader
        header.WriteByte(0x04); // kMainStreamsInfo
        header.WriteByte(0x06); // kPackInfo: position 0, one pack stream of this size
        Number(header, 0);
        Number(header, 1);
        header.WriteByte(0x09);
        Number(header, (ulong)packed.Length);
        header.WriteByte(0x00);
        header.WriteByte(0x07); // kUnPackInfo: one folder, one coder (LZMA, id 03 01 01, with properties)
        header.WriteByte(0x0B);
        Number(header, 1);
        header.WriteByte(0x00);
        Number(header, 1);
        header.WriteByte(0x23);
        header.Write([0x03, 0x01, 0x01]);
        Number(header, (ulong)properties.Length);
        header.Write(properties);
        header.WriteByte(0x0C);
        Number(header, (ulong)unpacked.Length);
        header.WriteByte(0x00);
        header.WriteByte(0x08); // kSubStreamsInfo: one substream per member, sizes but the last, every CRC
        header.WriteByte(0x0D);
        Number(header, (ulong)members.Length);
        header.WriteByte(0x09);
        foreach (var (_, data) in members.SkipLast(1))
        {
            Number(header, (ulong)data.Length);
        }

        header.WriteByte(0x0A);
        header.WriteByte(0x01);
        foreach (var (_, data) in members)
        {
            UInt32(header, Crc(data));
        }

        header.WriteByte(0x00);
        header.WriteByte(0x00);
        header.WriteByte(0x05); // kFilesInfo: the names, UTF-16LE, each ending in a zero character
        Number(header, (ulong)members.Length);
        var names = members.SelectMany(m => Encoding.Unicode.GetBytes(m.Name + "\0")).ToArray();
        header.WriteByte(0x11);
        Number(header, (ulong)names.Length + 1);
        header.WriteByte(0x00);
        header.Write(names);
        header.WriteByte(0x00);
        header.WriteByte(0x00);
        var headerBytes = header.ToArray();

        var start = new byte[20];
        BinaryPrimitives.WriteUInt64LittleEndian(start, (ulong)packed.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(start.AsSpan(8), (ulong)headerBytes.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(start.AsSpan(16), Crc(headerBytes));
        using var file = new MemoryStream();
        file.Write([(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C, 0, 4]);
        UInt32(file, Crc(start));
        file.Write(start);
        file.Write(packed);
        file.Write(headerBytes);
        return file.ToArray();
    }

    /// <summary>7z's variable-length number: as many leading one bits in the first byte as bytes follow.</summary>
    private static void Number(Stream stream, ulong value)
    {
        var extra = 0;
        while (extra < 8 && value >= 1UL << (7 * (extra + 1)))
        {
            extra++;
        }

        var first = (byte)(0xFF << (8 - extra));
        if (extra < 8)
        {
            first |= (byte)(value >> (8 * extra));
        }

        stream.WriteByte(first);
        for (var i = 0; i < extra; i++)
        {
            stream.WriteByte((byte)(value >> (8 * i)));
        }
    }

    private static void UInt32(Stream stream, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        stream.Write(bytes);
    }

    private static uint Crc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }
}
