using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Extraction.Internals;
using FileSearch.Extraction.LibreOffice;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Extraction;

/// <summary>
/// The first page of an Office (Open XML and 97-2003), OpenDocument or RTF file as a one-page PDF, written by the
/// supervised <see cref="LibreOfficeConverter"/> (its instance count is the concurrency cap) within
/// <see cref="LibreOfficeOptions.PreviewTimeout"/>; the PDF thumbnailer draws it. A Word or PowerPoint 97-2003 file
/// whose text extraction already wrote that PDF in the same LibreOffice load (kept beside the file in the document's
/// work folder) is not loaded again: that PDF is taken. Throws what the converter throws
/// (<c>converter-unavailable</c>, <c>conversion-timeout</c>, <c>converter-crashed</c>, <c>corrupt-office</c>), and the
/// document keeps its placeholder card. Off with <see cref="LibreOfficeOptions.Previews"/> false.
/// </summary>
public sealed class OfficePreviewSource(
    LibreOfficeConverter converter, IOptions<LibreOfficeOptions> options, ILogger<OfficePreviewSource>? logger = null) : IPreviewSource
{
    private readonly LibreOfficeOptions _options = options.Value;
    private readonly ILogger _logger = logger ?? NullLogger<OfficePreviewSource>.Instance;

    public bool CanPrepare(FileKind kind) => _options.Previews && SourceExtension(kind) is not null;

    public async Task<DocumentPreview> PrepareAsync(string filePath, FileKind kind, string workFolder, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        ArgumentException.ThrowIfNullOrEmpty(workFolder);
        var extension = SourceExtension(kind) ?? throw new ArgumentException($"{kind} has no LibreOffice preview", nameof(kind));
        var target = Path.Combine(workFolder, "preview.pdf");
        if (FirstPagePdfs.TryTake(filePath, target))
        {
            Log.PreviewReused(_logger, filePath, target);
            return new PdfPreview(target);
        }

        using var pdf = await converter.ConvertAsync(filePath, OfficeConversion.FirstPageToPdf(extension), _options.PreviewTimeout, cancellationToken)
            .ConfigureAwait(false);
        File.Move(pdf.Path, target, overwrite: true);
        return new PdfPreview(target);
    }

    /// <summary>The extension LibreOffice's type detection expects for <paramref name="kind"/>; null for kinds it does not preview.</summary>
    private static string? SourceExtension(FileKind kind) => kind switch
    {
        FileKind.Docx or FileKind.Xlsx or FileKind.Pptx or FileKind.Doc or FileKind.Xls or FileKind.Ppt
            or FileKind.Odt or FileKind.Ods or FileKind.Odp or FileKind.Rtf => "." + kind.ShortName(),
        _ => null,
    };
}
