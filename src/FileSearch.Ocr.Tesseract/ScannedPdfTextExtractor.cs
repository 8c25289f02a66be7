using System.Globalization;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Extraction;
using FileSearch.Ocr.Tesseract.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Ocr.Tesseract;

/// <summary>
/// PDF text for scanned and mixed PDFs: the text layer from <see cref="PdfTextExtractor"/> where a page holds real
/// text (at least <see cref="OcrOptions.MinTextLayerChars"/>; <c>(cid:N)</c> runs and mojibake count as missing),
/// OCR elsewhere. Only pages lacking text are rasterized (<c>pdftoppm</c>, grayscale, <see cref="OcrOptions.RasterDpi"/>)
/// into a folder next to the downloaded file, which is removed afterwards, and recognised by <see cref="IOcrEngine"/>.
/// Pages beyond <see cref="OcrOptions.MaxPages"/>, pages that could not be rasterized and pages cut by a deadline are
/// kept (empty) and counted in the result's properties. Encrypted and corrupt PDFs fail as in the text-layer extractor.
/// </summary>
public sealed class ScannedPdfTextExtractor : ITextExtractor
{
    /// <summary>Method when every page came from OCR.</summary>
    public const string OcrMethod = "ocr";

    /// <summary>Method when some pages came from the text layer and some from OCR.</summary>
    public const string MixedMethod = "text-layer+ocr";

    private readonly PdfTextExtractor _textLayer;
    private readonly IOcrEngine _ocr;
    private readonly OcrOptions _options;
    private readonly ILogger<ScannedPdfTextExtractor> _logger;
    private readonly PdfPageRasterizer _rasterizer;

    public ScannedPdfTextExtractor(PdfTextExtractor textLayer, IOcrEngine ocr, IOptions<OcrOptions> options,
        TimeProvider timeProvider, ILogger<ScannedPdfTextExtractor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _textLayer = textLayer;
        _ocr = ocr;
        _options = options.Value;
        _logger = logger;
        _rasterizer = new PdfPageRasterizer(_options, timeProvider, logger);
    }

    /// <inheritdoc />
    public bool CanExtract(FileKind kind) => _textLayer.CanExtract(kind);

    /// <inheritdoc />
    public async Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, CancellationToken cancellationToken)
    {
        var layer = await _textLayer.ExtractAsync(filePath, kind, cancellationToken).ConfigureAwait(false);
        var pages = layer.Pages?.ToList() ?? [];
        var missing = pages.Where(p => !TextLayerQuality.HasRealText(p.Text, _options.MinTextLayerChars)).Select(p => p.Number).ToList();
        if (missing.Count == 0)
        {
            return layer;
        }

        Log.PdfPagesNeedOcr(_logger, filePath, missing.Count, pages.Count);
        var toOcr = missing.Take(_options.MaxPages).ToList();
        var results = new Dictionary<int, OcrResult>();
        var work = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(filePath))!, $"ocr-{Guid.NewGuid():N}");
        try
        {
            var images = await _rasterizer.RasterizeAsync(filePath, toOcr, work, cancellationToken).ConfigureAwait(false);
            var rendered = toOcr.Where(images.ContainsKey).ToList();
            var recognized = await _ocr.RecognizePagesAsync([.. rendered.Select(n => new OcrPageSource(images[n]))], cancellationToken)
                .ConfigureAwait(false);
            for (var i = 0; i < rendered.Count; i++)
            {
                results[rendered[i]] = recognized[i];
            }
        }
        finally
        {
            DeleteQuietly(work);
        }

        return Merge(layer, pages, missing, results);
    }

    private static ExtractionResult Merge(ExtractionResult layer, List<PageText> pages, List<int> missing, Dictionary<int, OcrResult> results)
    {
        var merged = pages.Select(p => results.TryGetValue(p.Number, out var r)
            ? new PageText(p.Number, r.Text, r.Status == OcrPageStatus.Recognized ? r.MeanConfidence : null)
            : missing.Contains(p.Number) ? new PageText(p.Number, string.Empty) : p).ToList();
        var recognized = results.Values.Where(r => r.Status == OcrPageStatus.Recognized).ToList();
        var withText = recognized.Where(r => r.Text.Length > 0).ToList();
        double? confidence = withText.Count == 0 ? null : Math.Round(withText.Average(r => r.MeanConfidence), 1);

        var properties = new Dictionary<string, string>(layer.Properties ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        OcrProperties.Add(properties, results.Values, notRecognized: missing.Count - results.Count);
        var text = string.Join("\n\n", merged.Where(p => p.Text.Length > 0).Select(p => p.Text));
        var method = missing.Count == pages.Count ? OcrMethod : MixedMethod;
        var summary = OcrProperties.Summary(missing.Select(n => (n, results.TryGetValue(n, out var r) ? r : TesseractOcrEngine.NotRecognized)));
        return layer with { Text = text, Method = method, OcrConfidence = confidence, Pages = merged, Properties = properties, Ocr = summary };
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // The message's work folder is removed as a whole afterwards; a leftover here is not worth failing for.
        }
    }
}
