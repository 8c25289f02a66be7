using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using FileSearch.Testing.Data;
using SharpCompress.Common;
using SharpCompress.Writers;
using SharpCompress.Writers.SevenZip;

namespace FileSearch.Extraction.Tests;

/// <summary>
/// Archives made by the tests: ZIPs with member names in Shift_JIS (no UTF-8 flag, as Japanese Windows writes them) or
/// UTF-8, tar and tar.gz (System.Formats.Tar), 7z (SharpCompress's writer), and hostile ones (bombs, unsafe names).
/// </summary>
internal static class ArchiveSamples
{
    public static Encoding ShiftJis => ContainerFiles.ShiftJis;

    /// <summary>A ZIP of (name, bytes) members; names written in <paramref name="names"/> (Shift_JIS: no UTF-8 flag).</summary>
    public static byte[] Zip(Encoding names, params (string Name, byte[] Data)[] members) =>
        ContainerFiles.Zip(names, [.. members.Select(m => (m.Name, (object)m.Data))]);

    public static byte[] Tar(params (string Name, byte[] Data)[] members)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, data) in members)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
            }
        }

        return buffer.ToArray();
    }

    public static byte[] GZip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }

    public static byte[] SevenZip(params (string Name, byte[] Data)[] members)
    {
        using var buffer = new MemoryStream();
        using (var writer = WriterFactory.OpenWriter(buffer, ArchiveType.SevenZip, new SevenZipWriterOptions(CompressionType.LZMA) { LeaveStreamOpen = true }))
        {
            foreach (var (name, data) in members)
            {
                writer.Write(name, new MemoryStream(data), new DateTime(2019, 4, 1, 9, 0, 0, DateTimeKind.Utc));
            }
        }

        return buffer.ToArray();
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
