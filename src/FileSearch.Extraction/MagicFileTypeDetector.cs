using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Extraction.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Extraction;

/// <summary>
/// Detects a file's type from its first bytes (<see cref="ExtractionOptions.DetectionSampleBytes"/>),
/// plus the central directory of ZIP files to tell DOCX, XLSX and PPTX apart. Text is recognised by
/// a byte-order mark or by a NUL-free sample that decodes as UTF-8 or as mostly valid Shift_JIS or
/// EUC-JP (or UTF-16 without BOM). The extension decides only when the content matches nothing,
/// and never makes binary content <see cref="FileKind.Text"/>.
/// OLE2 compound files (legacy .doc/.xls/.ppt and password-protected OOXML) are
/// <see cref="FileKind.Unknown"/>: they are not supported. Empty files are <see cref="FileKind.Unknown"/>.
/// </summary>
public sealed class MagicFileTypeDetector(IOptions<ExtractionOptions> options, ILogger<MagicFileTypeDetector> logger) : IFileTypeDetector
{
    private readonly ExtractionOptions _options = options.Value;

    public async Task<DetectedType> DetectAsync(string filePath, string fileName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        var byExtension = FileKinds.FromExtension(Path.GetExtension(fileName));
        await using var stream = OpenRead(filePath);
        if (stream.Length == 0)
        {
            return new DetectedType(FileKind.Unknown, ByContent: false);
        }

        var header = new byte[(int)Math.Min(stream.Length, _options.DetectionSampleBytes)];
        await stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);

        var signature = MagicSignatures.Identify(header);
        if (signature == Signature.Ole2)
        {
            Log.Ole2Document(logger, fileName);
            return new DetectedType(FileKind.Unknown, ByContent: true, ExtensionMismatch: byExtension != FileKind.Unknown);
        }

        var byContent = signature switch
        {
            Signature.Zip => await ClassifyZipAsync(stream, fileName, byExtension, cancellationToken).ConfigureAwait(false),
            Signature.None => IsText(header, isComplete: header.Length == stream.Length) ? FileKind.Text : null,
            _ => signature.ToKind(),
        };

        if (byContent is not { } kind)
        {
            // Binary content matched nothing: trust a binary format's extension, never a text one.
            var fallback = byExtension == FileKind.Text ? FileKind.Unknown : byExtension;
            Log.DetectedByExtension(logger, fileName, fallback);
            return new DetectedType(fallback, ByContent: false, ExtensionMismatch: byExtension == FileKind.Text);
        }

        var mismatch = byExtension != FileKind.Unknown && byExtension != kind;
        if (mismatch)
        {
            Log.ExtensionMismatch(logger, fileName, kind, byExtension);
        }

        return new DetectedType(kind, ByContent: true, mismatch);
    }

    private static FileStream OpenRead(string filePath) => new(filePath, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.Read,
        Options = FileOptions.Asynchronous,
        BufferSize = 0,
    });

    private static bool IsText(ReadOnlySpan<byte> header, bool isComplete) =>
        TextSniffer.Detect(header, isComplete).LooksLikeText;

    /// <summary>Returns the package kind, or null (decide by extension) when the directory is unreadable.</summary>
    private async Task<FileKind?> ClassifyZipAsync(FileStream stream, string fileName, FileKind byExtension, CancellationToken cancellationToken)
    {
        try
        {
            stream.Position = 0;
            var archive = await ZipInspector.OpenAsync(stream, cancellationToken).ConfigureAwait(false);
            await using (archive.ConfigureAwait(false))
            {
                return ZipInspector.Classify(archive);
            }
        }
        catch (InvalidDataException ex)
        {
            // A damaged package named .docx should reach the Office extractor and fail there as corrupt-office.
            Log.UnreadableZip(logger, fileName, ex.Message);
            return byExtension.IsOffice() ? null : FileKind.Zip;
        }
    }
}
