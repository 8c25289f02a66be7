using System.Buffers.Binary;
using FileSearch.Core.Domain;

namespace FileSearch.Extraction.Internals;

/// <summary>What the first bytes of a file say, before any deeper look.</summary>
internal enum Signature
{
    None = 0,
    Pdf,
    Png,
    Jpeg,
    Gif,
    Tiff,
    WebP,
    Bmp,
    Heic,
    Zip,

    /// <summary>OLE2 compound file: legacy .doc/.xls/.ppt, Outlook .msg, or an encrypted OOXML package.</summary>
    Ole2,

    /// <summary>Rich Text Format: <c>{\rtf</c>.</summary>
    Rtf,

    /// <summary>7-Zip: <c>7z\xBC\xAF\x27\x1C</c>.</summary>
    SevenZip,

    /// <summary>gzip: <c>\x1F\x8B</c> and method 8 (deflate), RFC 1952.</summary>
    GZip,

    /// <summary>tar: <c>ustar</c> at offset 257 (POSIX and GNU headers).</summary>
    Tar,

    /// <summary>LHA: a method id <c>-lh?-</c> or <c>-lz?-</c> at offset 2 of the first header.</summary>
    Lzh,
}

/// <summary>Magic-byte signatures of the supported formats.</summary>
internal static class MagicSignatures
{
    /// <summary>PDF readers accept the header anywhere in the first KiB, and so do we.</summary>
    public const int PdfHeaderWindow = 1024;

    private static ReadOnlySpan<byte> PngMagic => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Ole2Magic => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private static ReadOnlySpan<byte> ZipMagic => [(byte)'P', (byte)'K', 0x03, 0x04];

    public static Signature Identify(ReadOnlySpan<byte> header)
    {
        return header switch
        {
            _ when header.StartsWith(PngMagic) => Signature.Png,
            [0xFF, 0xD8, 0xFF, ..] => Signature.Jpeg,
            [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => Signature.Gif,
            [(byte)'I', (byte)'I', 0x2A, 0x00, ..] or [(byte)'M', (byte)'M', 0x00, 0x2A, ..] => Signature.Tiff,
            [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => Signature.WebP,
            _ when IsBmp(header) => Signature.Bmp,
            _ when IsHeif(header) => Signature.Heic,
            _ when header.StartsWith(ZipMagic) => Signature.Zip,
            _ when header.StartsWith(Ole2Magic) => Signature.Ole2,
            _ when HasPdfHeader(header) => Signature.Pdf,
            _ when header.StartsWith("{\\rtf"u8) => Signature.Rtf,
            [(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C, ..] => Signature.SevenZip,
            [0x1F, 0x8B, 0x08, ..] => Signature.GZip,
            _ when header.Length >= 262 && header.Slice(257, 5).SequenceEqual("ustar"u8) => Signature.Tar,
            [_, _, (byte)'-', (byte)'l', (byte)'h' or (byte)'z', _, (byte)'-', ..] => Signature.Lzh,
            _ => Signature.None,
        };
    }

    public static FileKind ToKind(this Signature signature) => signature switch
    {
        Signature.Pdf => FileKind.Pdf,
        Signature.Png => FileKind.Png,
        Signature.Jpeg => FileKind.Jpeg,
        Signature.Gif => FileKind.Gif,
        Signature.Tiff => FileKind.Tiff,
        Signature.WebP => FileKind.WebP,
        Signature.Bmp => FileKind.Bmp,
        Signature.Heic => FileKind.Heic,
        Signature.Zip => FileKind.Zip,
        Signature.Rtf => FileKind.Rtf,
        Signature.SevenZip => FileKind.SevenZip,
        Signature.GZip => FileKind.GZip,
        Signature.Tar => FileKind.Tar,
        Signature.Lzh => FileKind.Lzh,
        _ => FileKind.Unknown,
    };

    public static bool HasPdfHeader(ReadOnlySpan<byte> header)
    {
        var window = header.Length > PdfHeaderWindow ? header[..PdfHeaderWindow] : header;
        return window.IndexOf("%PDF-"u8) >= 0;
    }

    private static bool IsBmp(ReadOnlySpan<byte> header)
    {
        if (header.Length < 18 || header[0] != 'B' || header[1] != 'M')
        {
            return false;
        }

        // "BM" alone is too weak (it starts ordinary text): require a known info header size (core, v1 to v5).
        var infoSize = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(14, 4));
        return infoSize is 12 or 16 or 40 or 52 or 56 or 64 or 108 or 124;
    }

    private static bool IsHeif(ReadOnlySpan<byte> header)
    {
        // ISO base media file: [box size][ftyp][major brand]; HEIF/HEIC brands only, not MP4.
        if (header.Length < 12 || !header.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            return false;
        }

        var brand = header.Slice(8, 4);
        return brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8)
            || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8)
            || brand.SequenceEqual("heim"u8) || brand.SequenceEqual("heis"u8);
    }
}
