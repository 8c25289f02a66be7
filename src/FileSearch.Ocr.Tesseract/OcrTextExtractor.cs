using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Imaging;
using FileSearch.Ocr.Tesseract.Internals;

namespace FileSearch.Ocr.Tesseract;

/// <summary>
/// Text of image files (PNG, JPEG, TIFF pages, WebP, GIF frames, HEIF) by OCR: method <c>ocr</c>, one
/// <see cref="PageText"/> per page with its confidence, the mean confidence of the pages that had text, and the
/// OCR page counts (<c>ocrPages</c>, <c>ocrPagesNotRecognized</c>, <c>ocrPagesTimedOut</c>, <c>ocrPagesWeak</c>,
/// <c>ocrPagesRetried</c>, <c>ocrPagesReused</c>, <c>ocrIncomplete</c>) in its properties.
/// </summary>
public sealed class OcrTextExtractor(IOcrEngine ocrEngine, PageImageLoader loader) : ITextExtractor
{
    /// <summary>The <see cref="ExtractionResult.Method"/> this extractor reports.</summary>
    public const string Method = "ocr";

    /// <inheritdoc />
    public bool CanExtract(FileKind kind) => loader.CanLoad(kind);

    /// <inheritdoc />
    public async Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, CancellationToken cancellationToken)
    {
        var results = await ocrEngine.RecognizeFileAsync(filePath, cancellationToken).ConfigureAwait(false);
        var pages = results.Select((r, i) => new PageText(i + 1, r.Text,
            r.Status == OcrPageStatus.Recognized ? r.MeanConfidence : null)).ToList();
        var withText = results.Where(r => r.Text.Length > 0).ToList();

        // Blank pages report confidence 0; averaging them in would make a good scan with one empty page look bad.
        var confidence = withText.Count == 0 ? 0 : Math.Round(withText.Average(r => r.MeanConfidence), 1);
        var text = string.Join("\n\n", withText.Select(r => r.Text));
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        OcrProperties.Add(properties, results, notRecognized: 0);
        return new ExtractionResult(text, Method, pages.Count, confidence, pages, properties)
        {
            Ocr = OcrProperties.Summary(results.Select((r, i) => (i + 1, r))),
        };
    }
}
