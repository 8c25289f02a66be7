using DocumentFormat.OpenXml.Packaging;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Extraction.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Extraction;

/// <summary>
/// Extracts text from DOCX (paragraphs, tables, headers, footers, footnotes), XLSX (one page per
/// sheet: its name, then rows of tab-separated cells) and PPTX (one page per slide, with notes)
/// with the Open XML SDK. Result method <c>openxml</c>; PageCount is sheets or slides (for DOCX the
/// page count Word saved, when present).
/// Before parsing, the ZIP central directory is checked against
/// <see cref="ExtractionOptions.MaxZipUncompressedBytes"/>, <see cref="ExtractionOptions.MaxZipCompressionRatio"/>
/// and <see cref="ExtractionOptions.MaxZipEntries"/>. Failures are permanent: <c>decompression-bomb</c>,
/// <c>unsupported-office</c> (OLE2: legacy or password-protected Office file), <c>corrupt-office</c>.
/// </summary>
public sealed class OpenXmlTextExtractor(IOptions<ExtractionOptions> options, ILogger<OpenXmlTextExtractor> logger) : ITextExtractor
{
    private readonly ExtractionOptions _options = options.Value;

    public bool CanExtract(FileKind kind) => kind.IsOffice();

    public async Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        if (!kind.IsOffice())
        {
            throw new ArgumentException($"{kind} is not an Office Open XML kind", nameof(kind));
        }

        await CheckPackageAsync(filePath, cancellationToken).ConfigureAwait(false);

        // The SDK parses synchronously and CPU-bound: keep it off the caller's thread.
        return await Task.Run(() => Extract(filePath, kind, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Judges the package by its central directory alone, before anything is decompressed.</summary>
    private async Task CheckPackageAsync(string filePath, CancellationToken cancellationToken)
    {
        var stream = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            var header = new byte[Math.Min(stream.Length, 8)];
            await stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
            if (MagicSignatures.Identify(header) == Signature.Ole2)
            {
                throw ProcessingException.Permanent(
                    "unsupported-office",
                    "File is a legacy or password-protected Office document (OLE2), not an Office Open XML package");
            }

            stream.Position = 0;
            var archive = await ZipInspector.OpenWithinLimitsAsync(stream, filePath, "Office", "corrupt-office", _options, logger, cancellationToken)
                .ConfigureAwait(false);
            await archive.DisposeAsync().ConfigureAwait(false);
        }
    }

    private ExtractionResult Extract(string filePath, FileKind kind, CancellationToken cancellationToken)
    {
        // Declared sizes can lie; the SDK's own part limit stops a part that inflates beyond them.
        var settings = new OpenSettings { AutoSave = false, MaxCharactersInPart = _options.MaxZipUncompressedBytes };
        var budget = new TextBudget(_options.MaxTextChars);
        using var stream = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read);
        ExtractionResult result;
        try
        {
            result = kind switch
            {
                FileKind.Docx => ReadDocx(stream, settings, budget, cancellationToken),
                FileKind.Xlsx => ReadXlsx(stream, settings, budget, cancellationToken),
                _ => ReadPptx(stream, settings, budget, cancellationToken),
            };
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or ProcessingException))
        {
            throw ProcessingException.Permanent(
                "corrupt-office", $"Office file is damaged or not a valid {kind.ShortName().ToUpperInvariant()} package: {ex.Message}", ex);
        }

        if (budget.Truncated)
        {
            Log.TextTruncated(logger, filePath, budget.MaxChars);
        }

        return result;
    }

    private static ExtractionResult ReadDocx(Stream stream, OpenSettings settings, TextBudget budget, CancellationToken cancellationToken)
    {
        using var document = WordprocessingDocument.Open(stream, false, settings);
        return DocxReader.Read(document, budget, cancellationToken);
    }

    private static ExtractionResult ReadXlsx(Stream stream, OpenSettings settings, TextBudget budget, CancellationToken cancellationToken)
    {
        using var document = SpreadsheetDocument.Open(stream, false, settings);
        return XlsxReader.Read(document, budget, cancellationToken);
    }

    private static ExtractionResult ReadPptx(Stream stream, OpenSettings settings, TextBudget budget, CancellationToken cancellationToken)
    {
        using var document = PresentationDocument.Open(stream, false, settings);
        return PptxReader.Read(document, budget, cancellationToken);
    }
}
