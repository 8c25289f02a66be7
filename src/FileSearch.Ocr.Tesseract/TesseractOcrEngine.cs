using FileSearch.Core.Ports;
using FileSearch.Imaging;
using FileSearch.Ocr.Tesseract.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Ocr.Tesseract;

/// <summary>
/// OCR through libtesseract in-process. Pages are decoded one at a time by <see cref="PageImageLoader"/>
/// (grayscale, upright, pixel guard), recognised on a pool thread with an engine rented from
/// <see cref="TesseractEnginePool"/> for the whole file, and tidied (no spaces between Japanese characters).
/// Cancellation is checked between pages and, inside Tesseract, between words.
/// Decoding failures surface as the loader's permanent <c>ProcessingException</c>s.
/// </summary>
public sealed class TesseractOcrEngine : IOcrEngine
{
    private readonly TesseractEnginePool _pool;
    private readonly PageImageLoader _loader;
    private readonly OcrOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TesseractOcrEngine> _logger;

    public TesseractOcrEngine(TesseractEnginePool pool, PageImageLoader loader, IOptions<OcrOptions> options,
        TimeProvider timeProvider, ILogger<TesseractOcrEngine> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _pool = pool;
        _loader = loader;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OcrResult>> RecognizeFileAsync(string imagePath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagePath);
        cancellationToken.ThrowIfCancellationRequested();

        // Header first: a corrupt or oversized file fails before an engine is taken from other workers.
        var pageCount = await Task.Run(() => _loader.CountPages(imagePath), cancellationToken).ConfigureAwait(false);
        var count = Math.Min(pageCount, _options.MaxPages);
        if (count < pageCount)
        {
            Log.PagesTruncated(_logger, imagePath, count, pageCount);
        }

        var results = new List<OcrResult>(count);
        using var lease = await _pool.RentAsync(cancellationToken).ConfigureAwait(false);
        for (var index = 0; index < count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pageIndex = index;
            results.Add(await Task.Run(() => RecognizePage(lease.Engine, imagePath, pageIndex, cancellationToken), cancellationToken)
                .ConfigureAwait(false));
        }

        return results;
    }

    private OcrResult RecognizePage(TesseractEngine engine, string imagePath, int pageIndex, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        int dpi;
        using (var page = _loader.LoadPage(imagePath, pageIndex))
        {
            // Below 70 dpi Tesseract distrusts the value anyway; such files are usually screenshots tagged 72.
            dpi = page.Dpi is >= 70 and var known ? (int)Math.Round(known) : _options.DefaultDpi;
            engine.SetPage(page, dpi);
        }

        var timeout = TimeSpan.FromSeconds(_options.PageTimeoutSeconds);
        var raw = engine.Recognize(timeout, cancellationToken);
        if (raw.TimedOut)
        {
            Log.PageTimedOut(_logger, imagePath, pageIndex + 1, timeout.TotalSeconds);
        }

        var text = OcrTextPostProcessor.Clean(raw.Text);
        Log.PageRecognized(_logger, imagePath, pageIndex + 1, text.Length, raw.MeanConfidence,
            (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds, dpi);
        return new OcrResult(text, raw.MeanConfidence);
    }
}
