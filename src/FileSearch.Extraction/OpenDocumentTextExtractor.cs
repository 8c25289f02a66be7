using System.Xml;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Extraction.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Extraction;

/// <summary>
/// Extracts text from OpenDocument files (.odt, .ods, .odp) by streaming <c>content.xml</c> (and the headers and
/// footers of <c>styles.xml</c>) out of the package. Method <c>odf</c>; spreadsheets give one page per sheet, presentations
/// one per slide with its notes. The ZIP directory is judged first, as for Office Open XML
/// (<see cref="ExtractionOptions.MaxZipUncompressedBytes"/>, <see cref="ExtractionOptions.MaxZipCompressionRatio"/>,
/// <see cref="ExtractionOptions.MaxZipEntries"/>). Failures are permanent: <c>decompression-bomb</c>, <c>corrupt-odf</c>.
/// </summary>
public sealed class OpenDocumentTextExtractor(IOptions<ExtractionOptions> options, ILogger<OpenDocumentTextExtractor> logger) : ITextExtractor
{
    private readonly ExtractionOptions _options = options.Value;

    public bool CanExtract(FileKind kind) => kind.IsOpenDocument();

    public async Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        if (!kind.IsOpenDocument())
        {
            throw new ArgumentException($"{kind} is not an OpenDocument kind", nameof(kind));
        }

        var stream = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            var archive = await ZipInspector.OpenWithinLimitsAsync(stream, filePath, "OpenDocument", "corrupt-odf", _options, logger, cancellationToken)
                .ConfigureAwait(false);
            await using (archive.ConfigureAwait(false))
            {
                var budget = new TextBudget(_options.MaxTextChars);
                try
                {
                    // XmlReader over an inflating entry stream is synchronous and CPU-bound: keep it off the caller's thread.
                    var result = await Task.Run(() => OdfReader.Read(archive, kind, budget, cancellationToken), cancellationToken).ConfigureAwait(false);
                    if (budget.Truncated)
                    {
                        Log.TextTruncated(logger, filePath, budget.MaxChars);
                    }

                    return result;
                }
                catch (Exception ex) when (ex is XmlException or InvalidDataException)
                {
                    throw ProcessingException.Permanent(
                        "corrupt-odf", $"OpenDocument file is damaged or not a valid {kind.ShortName().ToUpperInvariant()} package: {ex.Message}", ex);
                }
            }
        }
    }
}
