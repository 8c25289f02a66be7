using System.IO.Compression;
using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using Microsoft.Extensions.Logging;

namespace FileSearch.Extraction.Internals;

/// <summary>
/// Looks into a ZIP file's central directory only (nothing is decompressed): which Office package
/// it is, and whether its declared sizes make it a decompression bomb.
/// </summary>
internal static class ZipInspector
{
    /// <summary>Entries smaller than this are not judged by their ratio: tiny repetitive XML compresses very well.</summary>
    public const long RatioCheckMinBytes = 1024 * 1024;

    /// <summary>Reads the central directory of <paramref name="stream"/>. Throws <see cref="InvalidDataException"/> when unreadable.</summary>
    public static Task<ZipArchive> OpenAsync(Stream stream, CancellationToken cancellationToken) =>
        ZipArchive.CreateAsync(stream, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: Encoding.UTF8, cancellationToken);

    /// <summary>
    /// Opens a package's directory and judges it by its declared sizes before anything is decompressed. Throws permanent
    /// <paramref name="corruptCode"/> when the directory is unreadable, <c>decompression-bomb</c> when it exceeds the limits.
    /// </summary>
    public static async Task<ZipArchive> OpenWithinLimitsAsync(
        Stream stream, string filePath, string format, string corruptCode, ExtractionOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        ZipArchive archive;
        try
        {
            archive = await OpenAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw ProcessingException.Permanent(corruptCode, $"{format} file is damaged: its ZIP directory cannot be read ({ex.Message})", ex);
        }

        if (FindBombReason(archive, options) is { } reason)
        {
            await archive.DisposeAsync().ConfigureAwait(false);
            Log.DecompressionBomb(logger, filePath, reason);
            throw ProcessingException.Permanent("decompression-bomb", $"{format} file rejected as a possible decompression bomb: {reason}");
        }

        return archive;
    }

    /// <summary>The Office kind named by the package's main part, else <see cref="FileKind.Zip"/>.</summary>
    public static FileKind Classify(ZipArchive archive)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in archive.Entries)
        {
            names.Add(entry.FullName.Replace('\\', '/').TrimStart('/'));
        }

        if (names.Contains("word/document.xml"))
        {
            return FileKind.Docx;
        }

        if (names.Contains("xl/workbook.xml"))
        {
            return FileKind.Xlsx;
        }

        if (names.Contains("ppt/presentation.xml"))
        {
            return FileKind.Pptx;
        }

        return names.Contains("content.xml") ? ClassifyOpenDocument(archive) : FileKind.Zip;
    }

    /// <summary>
    /// An OpenDocument package names its type in the <c>mimetype</c> entry, which the specification requires to be
    /// first and stored uncompressed (ODF 1.2 part 3, 3.3): a few bytes are read, nothing is inflated in bulk.
    /// </summary>
    private static FileKind ClassifyOpenDocument(ZipArchive archive)
    {
        var entry = archive.GetEntry("mimetype");
        if (entry is null || entry.Length > 256)
        {
            return FileKind.Zip;
        }

        using var stream = entry.Open();
        var buffer = new byte[256];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var mime = Encoding.ASCII.GetString(buffer, 0, read).Trim();
        return mime switch
        {
            "application/vnd.oasis.opendocument.text" or "application/vnd.oasis.opendocument.text-template" => FileKind.Odt,
            "application/vnd.oasis.opendocument.spreadsheet" or "application/vnd.oasis.opendocument.spreadsheet-template" => FileKind.Ods,
            "application/vnd.oasis.opendocument.presentation" or "application/vnd.oasis.opendocument.presentation-template" => FileKind.Odp,
            _ => FileKind.Zip,
        };
    }

    /// <summary>Returns why the package must not be decompressed, or null when its declared sizes are within the limits.</summary>
    public static string? FindBombReason(ZipArchive archive, ExtractionOptions options)
    {
        var entries = archive.Entries;
        if (entries.Count > options.MaxZipEntries)
        {
            return $"{entries.Count} entries, more than the limit of {options.MaxZipEntries}";
        }

        long total = 0, totalCompressed = 0;
        foreach (var entry in entries)
        {
            total += entry.Length;
            totalCompressed += entry.CompressedLength;
            if (total > options.MaxZipUncompressedBytes)
            {
                return $"uncompressed size exceeds the limit of {options.MaxZipUncompressedBytes} bytes";
            }

            if (IsTooCompressed(entry.Length, entry.CompressedLength, options.MaxZipCompressionRatio))
            {
                return $"entry '{entry.FullName}' expands {entry.Length} bytes from {entry.CompressedLength}, "
                    + $"a ratio above the limit of {options.MaxZipCompressionRatio}";
            }
        }

        return IsTooCompressed(total, totalCompressed, options.MaxZipCompressionRatio)
            ? $"the package expands {total} bytes from {totalCompressed}, a ratio above the limit of {options.MaxZipCompressionRatio}"
            : null;
    }

    private static bool IsTooCompressed(long length, long compressedLength, double maxRatio) =>
        length >= RatioCheckMinBytes && length > maxRatio * Math.Max(1, compressedLength);
}
