using System.Text;

namespace FileSearch.Extraction.Internals;

/// <summary>Facts read from a gzip header (RFC 1952, 2.3) and from what it decompressed to.</summary>
internal static class GZipHeader
{
    private const byte FlagExtra = 0x04;
    private const byte FlagName = 0x08;

    /// <summary>The original file name (FNAME, ISO 8859-1 by the RFC, UTF-8 in practice), or null without one.</summary>
    public static string? OriginalName(string filePath)
    {
        var header = new byte[1024];
        int read;
        using (var stream = File.OpenRead(filePath))
        {
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        var span = header.AsSpan(0, read);
        if (span.Length < 10 || (span[3] & FlagName) == 0)
        {
            return null;
        }

        var at = 10;
        if ((span[3] & FlagExtra) != 0)
        {
            if (span.Length < 12)
            {
                return null;
            }

            at += 2 + (span[10] | (span[11] << 8));
        }

        if (at >= span.Length)
        {
            return null;
        }

        var end = span[at..].IndexOf((byte)0);
        if (end <= 0)
        {
            return null;
        }

        var name = span.Slice(at, end);
        return System.Text.Unicode.Utf8.IsValid(name) ? Encoding.UTF8.GetString(name) : Encoding.Latin1.GetString(name);
    }

    /// <summary>True when the file starts with a tar header (<c>ustar</c> at offset 257).</summary>
    public static bool IsTar(string filePath)
    {
        var header = new byte[262];
        using var stream = File.OpenRead(filePath);
        return stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length
            && MagicSignatures.Identify(header) == Signature.Tar;
    }
}
