using System.Security.Cryptography;
using FileSearch.Core.Ports;
using FileSearch.Imaging;
using FileSearch.Ocr.Tesseract.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Ocr.Tesseract;

/// <summary>
/// OCR through libtesseract in-process. Pages are decoded one at a time by <see cref="PageImageLoader"/>
/// (grayscale, upright, pixel guard), recognised in parallel across <see cref="TesseractEnginePool"/> (one engine
/// rented per page), and tidied (no spaces between Japanese characters). A page under
/// <see cref="OcrOptions.WeakConfidenceThreshold"/> is read once more in another segmentation mode and the better
/// reading kept. Each page has Tesseract's own deadline, the document a deadline of its own: pages it cuts off are
/// returned as <see cref="OcrPageStatus.TimedOut"/> next to the finished ones. Decoding failures surface as the
/// loader's permanent <c>ProcessingException</c>s.
/// </summary>
public sealed class TesseractOcrEngine : IOcrEngine, IDisposable
{
    private readonly TesseractEnginePool _pool;
    private readonly PageImageLoader _loader;
    private readonly OcrOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TesseractOcrEngine> _logger;
    private readonly IOcrPageCache _cache;

    public TesseractOcrEngine(TesseractEnginePool pool, PageImageLoader loader, IOptions<OcrOptions> options,
        TimeProvider timeProvider, ILogger<TesseractOcrEngine> logger, IOcrPageCache pageCache)
    {
        ArgumentNullException.ThrowIfNull(options);
        _pool = pool;
        _loader = loader;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _cache = pageCache;
        _preprocessing = _options.Preprocessing.ToSettings();
        _osdPool = new Lazy<TesseractEnginePool>(() => new TesseractEnginePool(pool.PoolSize,
            TesseractEnginePool.EngineFactory(_options, OsdLanguage, OsdOnlyMode, TessApi.OemDefault), timeProvider, logger));
        SettingsVersion = string.Join('|', _options.SettingsVersion, _options.Languages, $"psm{_options.PageSegMode}",
            $"weak{_options.WeakConfidenceThreshold}", $"dpi{_options.DefaultDpi}", $"vert{_options.VerticalLanguages}",
            $"pre{_preprocessing.Key}", $"osd{_options.Preprocessing.Orientation}{_options.Preprocessing.MinOrientationConfidence}");
        _verticalPool = string.IsNullOrEmpty(_options.VerticalLanguages)
            ? null
            : new Lazy<TesseractEnginePool>(() => new TesseractEnginePool(pool.PoolSize,
                TesseractEnginePool.EngineFactory(_options, _options.VerticalLanguages, VerticalBlockMode), timeProvider, logger));
    }

    /// <summary><c>PSM_SINGLE_BLOCK_VERT_TEXT</c>: how vertical pages are read with the vertical languages.</summary>
    private const int VerticalBlockMode = 5;

    private const string OsdLanguage = "osd";
    private const int OsdOnlyMode = 0;

    private readonly Lazy<TesseractEnginePool>? _verticalPool;
    private readonly Lazy<TesseractEnginePool> _osdPool;
    private readonly PreprocessingSettings _preprocessing;

    /// <summary>Disposes the vertical-text engines, if any were created (the main pool belongs to the container).</summary>
    public void Dispose()
    {
        if (_verticalPool is { IsValueCreated: true })
        {
            _verticalPool.Value.Dispose();
        }

        if (_osdPool.IsValueCreated)
        {
            _osdPool.Value.Dispose();
        }
    }

    /// <summary>The native engines of all this engine's pools (main, vertical text, orientation), for leak checks.</summary>
    public TesseractEngineCounts EngineCounts
    {
        get
        {
            TesseractEnginePool?[] pools = [_pool, _verticalPool is { IsValueCreated: true } v ? v.Value : null, _osdPool.IsValueCreated ? _osdPool.Value : null];
            return new TesseractEngineCounts(
                pools.Sum(p => p?.CreatedCount ?? 0),
                pools.Sum(p => p?.AliveCount ?? 0),
                pools.Sum(p => p?.RentedCount ?? 0),
                pools.Sum(p => p?.PoolSize ?? 0));
        }
    }

    /// <summary>The checkpoint key part that changes whenever a setting that changes the text changes.</summary>
    public string SettingsVersion { get; }

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

        var sources = Enumerable.Range(0, count).Select(i => new OcrPageSource(imagePath, i)).ToList();
        var results = new List<OcrResult>(pageCount);
        results.AddRange(await RecognizePagesAsync(sources, cancellationToken).ConfigureAwait(false));
        results.AddRange(Enumerable.Repeat(NotRecognized, pageCount - count));
        return results;
    }

    /// <summary>The result recorded for a page that was not OCR'd (beyond the page limit, not rasterized).</summary>
    internal static OcrResult NotRecognized { get; } = new(string.Empty, 0, OcrPageStatus.NotRecognized);

    /// <inheritdoc />
    public async Task<IReadOnlyList<OcrResult>> RecognizePagesAsync(IReadOnlyList<OcrPageSource> pages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var results = new OcrResult?[pages.Count];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(_options.DocumentTimeoutSeconds), _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _pool.PoolSize, CancellationToken = linked.Token };
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, pages.Count), parallel, async (index, token) =>
                results[index] = await RecognizeOrReuseAsync(pages[index], token).ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var finished = results.Count(r => r is not null);
            Log.DocumentTimedOut(_logger, pages.Count > 0 ? pages[0].ImagePath : string.Empty, _options.DocumentTimeoutSeconds,
                finished, pages.Count);
        }

        return [.. results.Select(r => r ?? TimedOut)];
    }

    private static OcrResult TimedOut { get; } = new(string.Empty, 0, OcrPageStatus.TimedOut);

    /// <summary>Decodes the page, answers from the checkpoint cache when it has the page, otherwise recognises and stores it.</summary>
    private async Task<OcrResult> RecognizeOrReuseAsync(OcrPageSource source, CancellationToken cancellationToken)
    {
        using var loaded = await Task.Run(() => _loader.LoadPage(source.ImagePath, source.PageIndex), cancellationToken).ConfigureAwait(false);
        var hash = PageHash(loaded);
        if (await _cache.TryGetAsync(hash, SettingsVersion, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return cached with { Reused = true };
        }

        using var prepared = await PrepareAsync(loaded, cancellationToken).ConfigureAwait(false);
        var page = prepared.Image;

        OcrResult result;
        using (var lease = await _pool.RentAsync(cancellationToken).ConfigureAwait(false))
        {
            // The main lease is held meanwhile, so vertical engines never add to the configured concurrency.
            var vertical = _verticalPool is not null && WritingDirection.IsVertical(page.Pixels, page.Width, page.Height, page.Stride);
            using var verticalLease = vertical ? await _verticalPool!.Value.RentAsync(cancellationToken).ConfigureAwait(false) : null;
            var engine = verticalLease?.Engine ?? lease.Engine;
            result = await Task.Run(() => RecognizePage(engine, page, source, cancellationToken), cancellationToken).ConfigureAwait(false);
            var operations = string.Join(',', new[] { prepared.Operations, vertical ? "vertical" : string.Empty }.Where(o => o.Length > 0));
            result = result with { Operations = operations };
        }

        if (result.Status == OcrPageStatus.Recognized)
        {
            await _cache.SetAsync(hash, SettingsVersion, result, CancellationToken.None).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Applies the preprocessing profile, then turns the page upright when Tesseract's OSD is confident it is not.</summary>
    private async Task<PreprocessedPage> PrepareAsync(GrayPageImage loaded, CancellationToken cancellationToken)
    {
        var prepared = await Task.Run(() => PagePreprocessor.Process(loaded, _preprocessing), cancellationToken).ConfigureAwait(false);
        if (!_options.Preprocessing.Orientation)
        {
            return prepared;
        }

        using var lease = await _osdPool.Value.RentAsync(cancellationToken).ConfigureAwait(false);
        var dpi = prepared.Image.Dpi is >= 70 and var known ? (int)Math.Round(known) : _options.DefaultDpi;
        lease.Engine.SetPage(prepared.Image, dpi);
        if (lease.Engine.DetectOrientation() is not ({ } degrees and not 0, var confidence)
            || confidence < _options.Preprocessing.MinOrientationConfidence)
        {
            return prepared;
        }

        using (prepared)
        {
            var upright = PagePreprocessor.RotateClockwise(prepared.Image, degrees);
            var operations = prepared.Operations.Length > 0 ? $"{prepared.Operations},rotate:{degrees}" : $"rotate:{degrees}";
            return new PreprocessedPage(upright, operations);
        }
    }

    /// <summary>SHA-256 of the decoded grayscale pixels and their size: the same scan in another file has the same hash.</summary>
    private static string PageHash(GrayPageImage page)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> size = stackalloc byte[8];
        BitConverter.TryWriteBytes(size, page.Width);
        BitConverter.TryWriteBytes(size[4..], page.Height);
        hash.AppendData(size);
        hash.AppendData(page.Pixels);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private OcrResult RecognizePage(TesseractEngine engine, GrayPageImage page, OcrPageSource source, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var timeout = TimeSpan.FromSeconds(_options.PageTimeoutSeconds);

        // Below 70 dpi Tesseract distrusts the value anyway; such files are usually screenshots tagged 72.
        var dpi = page.Dpi is >= 70 and var known ? (int)Math.Round(known) : _options.DefaultDpi;
        engine.SetPage(page, dpi);
        var raw = engine.Recognize(timeout, cancellationToken);
        var retried = false;
        if (!raw.TimedOut && raw.MeanConfidence < _options.WeakConfidenceThreshold && raw.Text.Trim().Length > 0)
        {
            retried = true;
            engine.SetPage(page, dpi);
            var alternative = engine.Recognize(timeout, cancellationToken, TesseractEngine.AlternativeMode(_options.PageSegMode));
            raw = !alternative.TimedOut && alternative.MeanConfidence > raw.MeanConfidence ? alternative : raw;
        }

        if (raw.TimedOut)
        {
            Log.PageTimedOut(_logger, source.ImagePath, source.PageIndex + 1, timeout.TotalSeconds);
            return TimedOut;
        }

        var text = OcrTextPostProcessor.Clean(raw.Text);
        Log.PageRecognized(_logger, source.ImagePath, source.PageIndex + 1, text.Length, raw.MeanConfidence,
            (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds, dpi);
        return new OcrResult(text, raw.MeanConfidence)
        {
            Weak = text.Length > 0 && raw.MeanConfidence < _options.WeakConfidenceThreshold,
            Retried = retried,
        };
    }
}
