using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Extraction.Internals;
using FileSearch.Extraction.LibreOffice;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Extraction;

/// <summary>
/// Extracts text from Office 97-2003 binary files. Excel (.xls) is read in-process with NPOI's HSSF reader
/// (method <c>npoi-hssf</c>: one page per sheet, its name, then tab-separated rows). NPOI's .NET port has no Word or
/// PowerPoint 97-2003 reader, so .doc and .ppt go through the supervised <see cref="LibreOfficeConverter"/> to DOCX and
/// PPTX and are read by <see cref="OpenXmlTextExtractor"/> (method <c>libreoffice</c>: body, tables, headers and
/// footers; slides with their notes). Given the document's work folder (the extract stage), the same load also writes
/// the first-page PDF of its preview (when <see cref="LibreOfficeOptions.Previews"/>), kept beside the file for
/// <see cref="OfficePreviewSource"/>, so the document is loaded by LibreOffice once; the request is then bounded by
/// <see cref="LibreOfficeOptions.ConversionTimeout"/> plus <see cref="LibreOfficeOptions.PreviewTimeout"/>. Failures:
/// permanent <c>encrypted-office</c>, <c>unsupported-office</c> (Excel 5 and older), <c>corrupt-office</c>; retryable
/// when LibreOffice is unavailable, crashed or timed out.
/// </summary>
public sealed class LegacyOfficeTextExtractor(
    IOptions<ExtractionOptions> options,
    LibreOfficeConverter converter,
    ILogger<LegacyOfficeTextExtractor> logger,
    ILogger<OpenXmlTextExtractor> openXmlLogger) : ITextExtractor
{
    private readonly ExtractionOptions _options = options.Value;
    private readonly OpenXmlTextExtractor _openXml = new(options, openXmlLogger);

    public bool CanExtract(FileKind kind) => kind.IsLegacyOffice();

    public Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, CancellationToken cancellationToken) =>
        ExtractAsync(filePath, kind, keepPreview: false, cancellationToken);

    public Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, string workFolder, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        ArgumentException.ThrowIfNullOrEmpty(workFolder);
        return ExtractAsync(filePath, kind, converter.Options.Previews && FirstPagePdfs.IsInside(filePath, workFolder), cancellationToken);
    }

    private async Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, bool keepPreview, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        return kind switch
        {
            FileKind.Xls => await Task.Run(() => ReadXls(filePath, cancellationToken), cancellationToken).ConfigureAwait(false),
            FileKind.Doc => await ConvertAsync(filePath, OfficeConversion.DocToDocx, FileKind.Docx, keepPreview, cancellationToken).ConfigureAwait(false),
            FileKind.Ppt => await ConvertAsync(filePath, OfficeConversion.PptToPptx, FileKind.Pptx, keepPreview, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentException($"{kind} is not an Office 97-2003 kind", nameof(kind)),
        };
    }

    /// <summary>
    /// The text conversion and the first-page PDF from one load; when that request times out or crashes the instance, the
    /// text conversion alone (the preview then converts for itself, or keeps the card), so a preview never costs a text.
    /// </summary>
    private async Task<ConvertedFile> ConvertWithPreviewAsync(string filePath, OfficeConversion conversion, CancellationToken cancellationToken)
    {
        var libreOffice = converter.Options;
        try
        {
            return await converter.ConvertAsync(filePath, [conversion, OfficeConversion.FirstPageToPdf(conversion.SourceExtension)],
                libreOffice.ConversionTimeout + libreOffice.PreviewTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessingException ex) when (ex.Code is "conversion-timeout" or "converter-crashed")
        {
            Log.ConvertedAlone(logger, filePath, ex.Code);
            return await converter.ConvertAsync(filePath, conversion, cancellationToken).ConfigureAwait(false);
        }
    }

    private ExtractionResult ReadXls(string filePath, CancellationToken cancellationToken)
    {
        var budget = new TextBudget(_options.MaxTextChars);
        using var stream = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            var result = XlsReader.Read(stream, budget, cancellationToken);
            if (budget.Truncated)
            {
                Log.TextTruncated(logger, filePath, budget.MaxChars);
            }

            return result;
        }
        catch (NPOI.EncryptedDocumentException ex)
        {
            throw ProcessingException.Permanent("encrypted-office", $"Excel file is password-protected: {ex.Message}", ex);
        }
        catch (NPOI.HSSF.OldExcelFormatException ex)
        {
            throw ProcessingException.Permanent("unsupported-office", $"Excel 5.0/95 and older workbooks are not supported: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or ProcessingException))
        {
            throw ProcessingException.Permanent("corrupt-office", $"Excel file is damaged or not a valid XLS workbook: {ex.Message}", ex);
        }
    }

    private async Task<ExtractionResult> ConvertAsync(
        string filePath, OfficeConversion conversion, FileKind converted, bool keepPreview, CancellationToken cancellationToken)
    {
        using var file = keepPreview
            ? await ConvertWithPreviewAsync(filePath, conversion, cancellationToken).ConfigureAwait(false)
            : await converter.ConvertAsync(filePath, conversion, cancellationToken).ConfigureAwait(false);
        if (file.Outputs is [_, { } pdf])
        {
            File.Move(pdf, FirstPagePdfs.PathFor(filePath), overwrite: true);
        }

        var result = await _openXml.ExtractAsync(file.Path, converted, cancellationToken).ConfigureAwait(false);
        var properties = new Dictionary<string, string>(result.Properties ?? new Dictionary<string, string>()) { ["converter"] = "libreoffice" };
        return result with { Method = "libreoffice", Properties = properties };
    }
}
