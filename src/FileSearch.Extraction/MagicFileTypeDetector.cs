using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Extraction.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Extraction;

/// <summary>
/// Detects a file's type from its first bytes (<see cref="ExtractionOptions.DetectionSampleBytes"/>),
/// plus the central directory of ZIP files to tell DOCX, XLSX, PPTX and OpenDocument (its <c>mimetype</c> entry)
/// apart, and the root stream names of OLE2 compound files to tell .doc, .xls, .ppt and Outlook .msg apart.
/// Text is recognised by a byte-order mark or by a NUL-free sample that decodes as UTF-8 or as mostly valid
/// Shift_JIS or EUC-JP (or UTF-16 without BOM); its first characters then tell HTML, XML, JSON and mail from plain
/// text. The extension decides only when the content matches nothing (or is plain text named as a text format such
/// as .htm or .eml), and never makes binary content a text format.
/// Encrypted OOXML packages (OLE2 with an EncryptedPackage stream) and empty files are <see cref="FileKind.Unknown"/>.
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
        var isComplete = header.Length == stream.Length;
        var byContent = signature switch
        {
            Signature.Zip => await ClassifyZipAsync(stream, fileName, byExtension, cancellationToken).ConfigureAwait(false),
            Signature.Ole2 => ClassifyOle2(filePath, fileName, byExtension),
            Signature.None => IsText(header, isComplete) ? ClassifyText(header, isComplete, byExtension) : null,
            _ => signature.ToKind(),
        };

        if (byContent is not { } kind)
        {
            // Binary content matched nothing: trust a binary format's extension, never a text one.
            var fallback = byExtension.IsTextual() ? FileKind.Unknown : byExtension;
            Log.DetectedByExtension(logger, fileName, fallback);
            return new DetectedType(fallback, ByContent: false, ExtensionMismatch: byExtension.IsTextual());
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

    /// <summary>
    /// Plain text named as a text format (an HTML fragment saved as .htm, mail without the usual headers saved as .eml)
    /// is read as that format; otherwise the first characters decide.
    /// </summary>
    private static FileKind ClassifyText(ReadOnlySpan<byte> header, bool isComplete, FileKind byExtension)
    {
        var refined = TextFormatSniffer.Refine(header, isComplete);
        return refined == FileKind.Text && byExtension.IsTextual() && byExtension != FileKind.Rtf ? byExtension : refined;
    }

    /// <summary>The kind named by the compound file's streams; null (decide by extension) when its directory is unreadable.</summary>
    private FileKind? ClassifyOle2(string filePath, string fileName, FileKind byExtension)
    {
        Ole2Content content;
        try
        {
            content = Ole2Inspector.Classify(filePath);
        }
        catch (IOException ex)
        {
            // A damaged .xls should reach its extractor and fail there as corrupt-office.
            Log.UnreadableOle2(logger, fileName, ex.Message);
            return byExtension.IsLegacyOffice() || byExtension == FileKind.Msg ? null : FileKind.Unknown;
        }

        if (content.Kind == FileKind.Unknown)
        {
            Log.Ole2Document(logger, fileName, content.Encrypted ? "a password-protected Office file" : "no known application stream");
        }

        return content.Kind;
    }

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
