using System.Globalization;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Extraction.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;

namespace FileSearch.Extraction;

/// <summary>
/// Extracts the text layer of every PDF page with PdfPig, in content order so Japanese lines keep
/// their line breaks. Pages without a text layer (scans) yield empty page text; the per-page
/// structure is kept so OCR can fill them in. Result: method <c>text-layer</c>, one
/// <see cref="PageText"/> per page read, properties <c>truncated</c> and <c>title</c> (when set).
/// Failures are permanent: <c>encrypted-pdf</c> (needs a password that is not configured or does
/// not open it) and <c>corrupt-pdf</c> (no header, truncated, or unparsable).
/// </summary>
public sealed class PdfTextExtractor(IOptions<ExtractionOptions> options, ILogger<PdfTextExtractor> logger) : ITextExtractor
{
    /// <summary>Readers look for %%EOF near the end; some writers leave a little padding after it.</summary>
    private const int TailWindow = 2048;

    private readonly ExtractionOptions _options = options.Value;

    public bool CanExtract(FileKind kind) => kind == FileKind.Pdf;

    public async Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        await CheckEnvelopeAsync(filePath, cancellationToken).ConfigureAwait(false);

        // PdfPig is synchronous and CPU-bound: keep it off the caller's thread, cancellable between pages.
        return await Task.Run(() => Extract(filePath, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rejects files that cannot be a whole PDF before handing them to the parser.</summary>
    private static async Task CheckEnvelopeAsync(string filePath, CancellationToken cancellationToken)
    {
        var stream = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            var head = new byte[(int)Math.Min(stream.Length, MagicSignatures.PdfHeaderWindow)];
            await stream.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
            if (!MagicSignatures.HasPdfHeader(head))
            {
                throw ProcessingException.Permanent("corrupt-pdf", "File is not a PDF: no %PDF- header in its first 1024 bytes");
            }

            var tail = new byte[(int)Math.Min(stream.Length, TailWindow)];
            stream.Seek(-tail.Length, SeekOrigin.End);
            await stream.ReadExactlyAsync(tail, cancellationToken).ConfigureAwait(false);
            if (tail.AsSpan().IndexOf("%%EOF"u8) < 0)
            {
                throw ProcessingException.Permanent("corrupt-pdf", "PDF is truncated: no %%EOF marker at its end (incomplete upload or copy?)");
            }
        }
    }

    private ExtractionResult Extract(string filePath, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var document = Open(stream);
        var budget = new TextBudget(_options.MaxTextChars);
        var pages = new List<PageText>(document.NumberOfPages);
        int emptyPages = 0, failedPages = 0;
        for (var number = 1; number <= document.NumberOfPages && !budget.Truncated; number++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var text = ReadPage(document, number, filePath, ref failedPages);
            emptyPages += string.IsNullOrWhiteSpace(text) ? 1 : 0;
            pages.Add(new PageText(number, budget.Take(text)));
        }

        if (failedPages > 0 && failedPages == document.NumberOfPages)
        {
            throw ProcessingException.Permanent("corrupt-pdf", "PDF is damaged: none of its pages can be read");
        }

        if (emptyPages > 0)
        {
            Log.PdfPagesWithoutText(logger, emptyPages, document.NumberOfPages, filePath);
        }

        if (budget.Truncated)
        {
            Log.TextTruncated(logger, filePath, budget.MaxChars);
        }

        var properties = PageTexts.Properties(budget);
        properties["emptyPages"] = emptyPages.ToString(CultureInfo.InvariantCulture);
        if (document.Information.Title is { Length: > 0 } title)
        {
            properties["title"] = title;
        }

        return new ExtractionResult(PageTexts.Join(pages), "text-layer", document.NumberOfPages, Pages: pages, Properties: properties);
    }

    private PdfDocument Open(Stream stream)
    {
        var parsing = new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true, Password = _options.PdfPassword ?? string.Empty };
        try
        {
            return PdfDocument.Open(stream, parsing);
        }
        catch (PdfDocumentEncryptedException ex)
        {
            throw EncryptedError(ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw ProcessingException.Permanent("corrupt-pdf", $"PDF cannot be parsed: {ex.Message}", ex);
        }
    }

    private string ReadPage(PdfDocument document, int number, string filePath, ref int failedPages)
    {
        try
        {
            return ContentOrderTextExtractor.GetText(document.GetPage(number), new ContentOrderTextExtractor.Options { ReplaceWhitespaceWithSpace = true });
        }
        catch (PdfDocumentEncryptedException ex)
        {
            throw EncryptedError(ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One broken page should not cost the text of the others.
            Log.PdfPageUnreadable(logger, number, filePath, ex.Message);
            failedPages++;
            return string.Empty;
        }
    }

    private ProcessingException EncryptedError(Exception inner) => ProcessingException.Permanent(
        "encrypted-pdf",
        _options.PdfPassword is null
            ? "PDF is encrypted and no password is configured"
            : "PDF is encrypted and the configured password does not open it",
        inner);
}
