using FileSearch.Core.Domain;

namespace FileSearch.Core.Ports;

/// <summary>Text of one page (or sheet, or slide), with OCR confidence when it was OCR'd.</summary>
public sealed record PageText(int Number, string Text, double? OcrConfidence = null);

/// <summary>What an extractor found.</summary>
/// <param name="Text">The text as found (original form, for display).</param>
/// <param name="Method">How: plain, text-layer, openxml, ocr.</param>
/// <param name="PageCount">Pages (PDF pages, sheets, slides, image frames), when meaningful.</param>
/// <param name="OcrConfidence">Mean OCR confidence 0-100 when OCR ran.</param>
/// <param name="Pages">Per-page text when the format has pages.</param>
/// <param name="Properties">Extra facts (detected encoding, title ...).</param>
public sealed record ExtractionResult(
    string Text,
    string Method,
    int? PageCount = null,
    double? OcrConfidence = null,
    IReadOnlyList<PageText>? Pages = null,
    IReadOnlyDictionary<string, string>? Properties = null)
{
    /// <summary>Per-page OCR outcome when some page needed OCR; copied into <see cref="DocumentRecord.Ocr"/>.</summary>
    public OcrSummary? Ocr { get; init; }

    /// <summary>
    /// Why the document's own text could not be read although the file is what it claims to be (a format nothing here
    /// reads): the text holds what could be read (properties), the stage reports Degraded, and the reason is recorded
    /// as <see cref="DocumentRecord.FailureReason"/> of the indexed record. Null when the text was read.
    /// </summary>
    public string? Unread { get; init; }
}

/// <summary>Extracts text from one family of formats. Throws a permanent ProcessingException for corrupt or encrypted input.</summary>
public interface ITextExtractor
{
    bool CanExtract(FileKind kind);

    /// <summary>
    /// True when this extractor reads <paramref name="kind"/> with managed code over a bounded amount of memory (no native
    /// parser, no recursion into the content, no allocation the file's size decides): a file cannot take the process down
    /// in it, so the pipeline does not record the stage before running it (one metadata write less per file). By default false.
    /// </summary>
    bool CannotCrashOn(FileKind kind) => false;

    Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, CancellationToken cancellationToken);

    /// <summary>
    /// Extracts <paramref name="filePath"/>, a file inside <paramref name="workFolder"/> (the document's private folder,
    /// removed when its processing ends): an extractor may leave there, beside the file, what a later stage of the same
    /// document reuses (Word and PowerPoint 97-2003: the first-page PDF LibreOffice wrote in the same load, which the
    /// preview takes instead of loading the document again). By default as
    /// <see cref="ExtractAsync(string, FileKind, CancellationToken)"/>.
    /// </summary>
    Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, string workFolder, CancellationToken cancellationToken) =>
        ExtractAsync(filePath, kind, cancellationToken);
}
