using System.Buffers.Binary;
using System.Text;

namespace FileSearch.Extraction.Internals;

/// <summary>One member as an LHA header describes it.</summary>
internal sealed record LhaMember(string Name, string Method, long Size, long CompressedSize);

/// <summary>
/// The member list of an LHA archive, read from its headers only (levels 0, 1 and 2; nothing is decompressed). Names are
/// decoded once per archive: UTF-8 when every name is valid UTF-8, else Shift_JIS (as LHA and Lhaplus write them on
/// Japanese Windows). Reading stops at the end marker, at a header that does not parse, or at the most members asked for.
/// Format: https://github.com/jca02266/lha/blob/master/header.doc.md
/// </summary>
internal static class LhaListing
{
    private const byte FileNameHeader = 0x01;
    private const byte DirectoryNameHeader = 0x02;

    public static IReadOnlyList<LhaMember> Read(Stream stream, int maxMembers)
    {
        var raw = new List<(byte[] Name, string Method, long Size, long Compressed)>();
        var header = new byte[4096];
        long offset = 0;
        while (raw.Count < maxMembers && Header(stream, offset, header) is { } entry)
        {
            raw.Add((entry.Name, entry.Method, entry.Size, entry.Compressed));
            offset = entry.Next;
        }

        var encoding = raw.TrueForAll(m => System.Text.Unicode.Utf8.IsValid(m.Name)) ? JapaneseEncodings.Utf8 : JapaneseEncodings.ShiftJis;
        return [.. raw.Select(m => new LhaMember(encoding.GetString(m.Name).Replace('\\', '/'), m.Method, m.Size, m.Compressed))];
    }

    private static (byte[] Name, string Method, long Size, long Compressed, long Next)? Header(Stream stream, long offset, byte[] buffer)
    {
        stream.Position = offset;
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var h = buffer.AsSpan(0, read);
        if (h.Length < 22 || h[2] != (byte)'-' || h[3] != (byte)'l' || h[6] != (byte)'-')
        {
            return null; // the end marker (a zero byte), the end of the file, or no header
        }

        var method = Encoding.ASCII.GetString(h[2..7]);
        var compressed = (long)BinaryPrimitives.ReadUInt32LittleEndian(h[7..]);
        var size = (long)BinaryPrimitives.ReadUInt32LittleEndian(h[11..]);
        switch (h[20])
        {
            case 0 or 1:
                {
                    int baseSize = h[0] + 2, nameLength = h[21];
                    if (22 + nameLength > h.Length || baseSize > h.Length)
                    {
                        return null;
                    }

                    var name = h.Slice(22, nameLength).ToArray();
                    if (h[20] == 0)
                    {
                        return (name, method, size, compressed, offset + baseSize + compressed);
                    }

                    // Level 1: the "compressed size" counts the extended headers too; a file name there replaces the base one.
                    var extended = Extended(h, baseSize, ref name, out _);
                    return (name, method, size, compressed - extended, offset + baseSize + compressed);
                }

            case 2:
                {
                    var total = BinaryPrimitives.ReadUInt16LittleEndian(h);
                    if (total < 26 || total > h.Length)
                    {
                        return null;
                    }

                    var name = Array.Empty<byte>();
                    Extended(h[..total], 26, ref name, out var directory);
                    return ([.. directory, .. name], method, size, compressed, offset + total + compressed);
                }

            default:
                return null;
        }
    }

    /// <summary>Walks the extended headers whose first size field is at <paramref name="at"/>; returns the bytes they take.</summary>
    private static int Extended(ReadOnlySpan<byte> h, int at, ref byte[] name, out byte[] directory)
    {
        directory = [];
        var taken = 0;
        var next = at - 2 >= 0 && at <= h.Length ? BinaryPrimitives.ReadUInt16LittleEndian(h[(at - 2)..]) : 0;
        var position = at;
        while (next >= 3 && position + next <= h.Length)
        {
            var type = h[position];
            var data = h.Slice(position + 1, next - 3);
            if (type == FileNameHeader)
            {
                name = data.ToArray();
            }
            else if (type == DirectoryNameHeader)
            {
                directory = [.. data.ToArray().Select(b => b == 0xFF ? (byte)'/' : b)];
            }

            taken += next;
            position += next;
            next = BinaryPrimitives.ReadUInt16LittleEndian(h[(position - 2)..]);
        }

        return taken;
    }
}
