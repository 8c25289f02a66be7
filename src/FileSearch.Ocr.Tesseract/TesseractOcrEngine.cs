using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Imaging;
using FileSearch.Ocr.Tesseract.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VipsException = NetVips.VipsException;

namespace FileSearch.Ocr.Tesseract;

/// <summary>
/// OCR through libtesseract in-process. Pages are decoded one at a time by <see cref="PageImageLoader"/>
/// (grayscale, upright, pixel guard); a colour or camera picture in which <see cref="TextPresenceDetector"/> finds no
/// line of text is not read (<see cref="OcrOptions.SkipPagesWithoutText"/>); the others are recognised in parallel across <see cref="TesseractEnginePool"/> (one engine
/// rented per page), and tidied (no spaces between Japanese characters). A page under
/// <see cref="OcrOptions.WeakConfidenceThreshold"/> is read once more without binarisation (or, when it was not
/// binarised, in another segmentation mode) and the better reading kept; a page still weak after that is asked for its
/// orientation (Tesseract's OSD), turned and read again, and the more confident reading kept. The Latin words the
/// Japanese models were unsure of (horizontal pages) or could not read (sideways in vertical columns) are read again
/// with <see cref="OcrOptions.LatinLanguages"/>
/// (the second pass, <c>latin:replaced/reread</c> in the operations). Each page has Tesseract's own deadline, the document a deadline of its own: pages it cuts off are
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
        _osdPool = new Lazy<TesseractEnginePool>(() => new TesseractEnginePool(pool.PoolSize,
            TesseractEnginePool.EngineFactory(_options, OsdLanguage, OsdOnlyMode, TessApi.OemDefault), timeProvider, logger));
        SettingsVersion = new PageCacheKeys(_options, _options.Preprocessing.ToSettings()).Settings;
        _verticalPool = string.IsNullOrEmpty(_options.VerticalLanguages)
            ? null
            : new Lazy<TesseractEnginePool>(() => new TesseractEnginePool(pool.PoolSize,
                TesseractEnginePool.EngineFactory(_options, _options.VerticalLanguages, VerticalBlockMode), timeProvider, logger));
        _latinPool = string.IsNullOrEmpty(_options.LatinLanguages)
            ? null
            : new Lazy<TesseractEnginePool>(() => new TesseractEnginePool(pool.PoolSize,
                TesseractEnginePool.EngineFactory(_options, _options.LatinLanguages, TesseractEngine.SingleLineMode), timeProvider, logger));
    }

    /// <summary><c>PSM_SINGLE_BLOCK_VERT_TEXT</c>: how vertical pages are read with the vertical languages.</summary>
    private const int VerticalBlockMode = 5;

    private const string OsdLanguage = "osd";
    private const int OsdOnlyMode = 0;

    private readonly Lazy<TesseractEnginePool>? _verticalPool;
    private readonly Lazy<TesseractEnginePool>? _latinPool;
    private readonly Lazy<TesseractEnginePool> _osdPool;

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

        if (_latinPool is { IsValueCreated: true })
        {
            _latinPool.Value.Dispose();
        }
    }

    /// <summary>The native engines of all this engine's pools (main, vertical text, orientation, Latin words), for leak checks.</summary>
    public TesseractEngineCounts EngineCounts
    {
        get
        {
            TesseractEnginePool?[] pools = [_pool, _verticalPool is { IsValueCreated: true } v ? v.Value : null, _osdPool.IsValueCreated ? _osdPool.Value : null,
                _latinPool is { IsValueCreated: true } l ? l.Value : null];
            return new TesseractEngineCounts(
                pools.Sum(p => p?.CreatedCount ?? 0),
                pools.Sum(p => p?.AliveCount ?? 0),
                pools.Sum(p => p?.RentedCount ?? 0),
                pools.Sum(p => p?.PoolSize ?? 0));
        }
    }

    /// <summary>The checkpoint key part that changes whenever a setting that changes the text changes (with profile <c>auto</c>, that of a scan page).</summary>
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

    /// <summary>A page narrower or lower than this holds no readable character (Tesseract needs about 10 px of x-height).</summary>
    private const int MinTextSidePixels = 6;

    private static OcrResult TimedOut { get; } = new(string.Empty, 0, OcrPageStatus.TimedOut);

    /// <summary>A decoded page with its pixel hash, where it came from, and the preprocessing and checkpoint keys chosen for it.</summary>
    private sealed record PageJob(GrayPageImage Loaded, string Hash, OcrPageSource Source, PreprocessingSettings Preprocessing, PageCacheKeys Keys);

    /// <summary>Decodes the page, answers from the checkpoint cache when it has the page, otherwise recognises and stores it.</summary>
    private async Task<OcrResult> RecognizeOrReuseAsync(OcrPageSource source, CancellationToken cancellationToken)
    {
        try
        {
            return await DecodeAndRecognizeAsync(source, cancellationToken).ConfigureAwait(false);
        }
        catch (VipsException e)
        {
            // Preprocessing and profiling run libvips on the decoded page: what fails there fails for this page every time.
            throw VipsFailures.Classify(e, $"OCR preprocessing of page {source.PageIndex + 1}");
        }
    }

    private async Task<OcrResult> DecodeAndRecognizeAsync(OcrPageSource source, CancellationToken cancellationToken)
    {
        using var loaded = await Task.Run(() => _loader.LoadPage(source.ImagePath, source.PageIndex), cancellationToken).ConfigureAwait(false);
        if (Math.Min(loaded.Width, loaded.Height) < MinTextSidePixels)
        {
            // No glyph fits: a blank page. Tesseract spent its whole page deadline (2 minutes) on a 5000x1 strip.
            return new OcrResult(string.Empty, 0) { Operations = "too-small" };
        }

        // Every page is looked at. A picture without a line of text is not read; a scan, fax or rendered PDF page only when
        // it has no character-sized mark at all (the blank back of a duplex scan, whose noise Tesseract spent 40-115 s of
        // its page deadline on, finding nothing): a lone word on a scanned label is too short for a line and still read.
        // Such pages are looked at on the coarser copy that also measures their text's height (a quarter of the pixels).
        var picture = loaded.Source.Camera || loaded.Source.Colour;
        var presence = _options.SkipPagesWithoutText
            ? await Task.Run(() => picture ? TextPresenceDetector.Detect(loaded) : TextPresenceDetector.Detect(loaded, MeasuringLongSide), cancellationToken)
                .ConfigureAwait(false)
            : null;
        if (presence is not null && (picture ? !presence.HasText : presence.Marks == 0))
        {
            Log.PageWithoutText(_logger, source.ImagePath, source.PageIndex + 1, presence.ToString());
            return new OcrResult(string.Empty, 0) { Operations = OcrPageSummary.NoTextOperation };
        }

        // A picture with text is read where its lines are, at the size of its text (a 12 MP photo is not read at 12 MP);
        // a scan, fax or rendered PDF page is read whole.
        var windows = picture && presence is not null && _options.ReadPicturesWhereTextIs ? ReadingWindow.Choose(loaded, presence) : [];
        if (windows.Count == 0)
        {
            // A page whose text is larger than Tesseract needs is read reduced: fewer pixels to binarise and lay out.
            if (await WholePageReductionAsync(loaded, presence, cancellationToken).ConfigureAwait(false) is not { } whole)
            {
                return await RecognizeImageAsync(loaded, source, string.Empty, cancellationToken).ConfigureAwait(false);
            }

            OcrResult reading;
            using (var reduced = await Task.Run(() => whole.Apply(loaded), cancellationToken).ConfigureAwait(false))
            {
                reading = await RecognizeImageAsync(reduced, source, whole.Operations(loaded.Width, loaded.Height), cancellationToken).ConfigureAwait(false);
            }

            // The direction is decided on the preprocessed page that is read, and a page on the edge of looking like columns
            // (a noisy vertical page) was horizontal before preprocessing and vertical after it: such a page is read again
            // at its own resolution, where vertical pages are read (reduced, a vertical page of the accuracy set lost a letter).
            return reading.Operations.Split(',').Contains(VerticalOperation, StringComparer.Ordinal)
                ? await RecognizeImageAsync(loaded, source, string.Empty, cancellationToken).ConfigureAwait(false)
                : reading;
        }

        var readings = new List<OcrResult>(windows.Count);
        foreach (var window in windows)
        {
            using var part = await Task.Run(() => window.Apply(loaded), cancellationToken).ConfigureAwait(false);
            readings.Add(await RecognizeImageAsync(part, source, window.Operations(loaded.Width, loaded.Height), cancellationToken).ConfigureAwait(false));
        }

        return WindowReadings.Combine(readings);
    }

    /// <summary>
    /// The whole page reduced so that the characters of its text lines (the lower quartile of their heights) are
    /// <see cref="OcrOptions.ReadTextHeight"/> pixels high (<see cref="WholePageReduction"/>); null (read as it is) when
    /// the option is off, the page has fewer than <see cref="WholePageReduction.MinRows"/> rows of horizontal text, the
    /// page is vertical Japanese (read as it is), or the text is not that large.
    /// </summary>
    private async Task<ReadingWindow?> WholePageReductionAsync(GrayPageImage loaded, TextPresence? presence, CancellationToken cancellationToken)
    {
        if (_options.ReadTextHeight == 0)
        {
            return null;
        }

        // Only the body text's size is wanted, so a coarser copy than for finding text in a photo does (a quarter of its pixels).
        presence ??= await Task.Run(() => TextPresenceDetector.Detect(loaded, MeasuringLongSide), cancellationToken).ConfigureAwait(false);
        if (WholePageReduction.Choose(loaded.Width, loaded.Height, presence.LineBoxes, _options.ReadTextHeight) is not { } reduction
            || IsVertical(loaded))
        {
            // Vertical columns keep their resolution: their sideways Latin words are cut out and read again, and lost
            // letters there at the reduced size (vertical CER 2.5 % -> 3.1 % on the accuracy set).
            return null;
        }

        return reduction;
    }

    private bool IsVertical(GrayPageImage page) =>
        _verticalPool is not null && WritingDirection.IsVertical(page.Pixels, page.Width, page.Height, page.Stride);

    /// <summary>The operation that marks a page read as vertical columns.</summary>
    private const string VerticalOperation = "vertical";

    /// <summary>The long side of the copy on which a page's text height is measured for <see cref="OcrOptions.ReadTextHeight"/>.</summary>
    private const int MeasuringLongSide = 800;

    /// <summary>Reads one image (the decoded page or a window of it): from the checkpoint cache when it has it, otherwise recognised and stored.</summary>
    private async Task<OcrResult> RecognizeImageAsync(GrayPageImage page, OcrPageSource source, string windowOperations, CancellationToken cancellationToken)
    {
        var hash = PageCacheKeys.Hash(page);
        var (preprocessing, profile) = _options.Preprocessing.SettingsFor(page);
        var keys = new PageCacheKeys(_options, preprocessing); // the chosen settings are part of both keys
        if (await _cache.TryGetAsync(hash, keys.Settings, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return cached with { Reused = true };
        }

        var reading = await RecognizeUprightAsync(new PageJob(page, hash, source, preprocessing, keys), cancellationToken).ConfigureAwait(false);
        reading = reading with { Operations = string.Join(',', new[] { profile, windowOperations, reading.Operations }.Where(o => o.Length > 0)) };
        if (reading.Status == OcrPageStatus.Recognized)
        {
            await _cache.SetAsync(hash, keys.Settings, reading, CancellationToken.None).ConfigureAwait(false);
        }

        return reading;
    }

    /// <summary>
    /// Reads the page as it is and asks Tesseract's OSD which way is up only when that reading is weak: a sideways or
    /// upside-down page reads as low-confidence garbage, an upright one does not need the question (OSD on every page
    /// cost about a fifth of the engine time of a clean A4 scan). The page turned as OSD suggests is read too, and the
    /// more confident reading kept, so an unsure guess (short pages score about 1) costs a reading but never the text.
    /// </summary>
    private async Task<OcrResult> RecognizeUprightAsync(PageJob job, CancellationToken cancellationToken)
    {
        var (reading, guess) = await ReadAsync(job, 0, _options.Preprocessing.Orientation, cancellationToken).ConfigureAwait(false);
        if (guess is not { } degrees)
        {
            return reading;
        }

        var (turned, _) = await ReadAsync(job, degrees, false, cancellationToken).ConfigureAwait(false);
        return turned.Status == OcrPageStatus.Recognized && turned.MeanConfidence > reading.MeanConfidence ? turned : reading;
    }

    /// <summary>
    /// Preprocesses the page turned by <paramref name="rotation"/>, reads it (or takes the reading of the same
    /// preprocessed pixels from the cache) and, when <paramref name="askOrientation"/> and the reading is weak, returns
    /// OSD's guess of the clockwise turn that makes it upright.
    /// </summary>
    private async Task<(OcrResult Reading, int? Guess)> ReadAsync(PageJob job, int rotation, bool askOrientation, CancellationToken cancellationToken)
    {
        using var prepared = await PrepareAsync(job.Loaded, job.Preprocessing, rotation, cancellationToken).ConfigureAwait(false);
        var page = prepared.Image;
        var vertical = IsVertical(page);

        // Unturned and unchanged by preprocessing, the page has the decoded page's pixels and so its hash.
        var preparedHash = rotation == 0 && prepared.Operations.Length == 0 ? job.Hash : PageCacheKeys.Hash(page);
        var recognition = job.Keys.Recognition(vertical, Dpi(page));
        var reading = await _cache.TryGetAsync(preparedHash, recognition, cancellationToken).ConfigureAwait(false) is { } read
            ? read with { Reused = true }
            : await ReadPreparedAsync(job, page, vertical, rotation, cancellationToken).ConfigureAwait(false);
        if (reading is { Status: OcrPageStatus.Recognized, Reused: false })
        {
            await _cache.SetAsync(preparedHash, recognition, reading, CancellationToken.None).ConfigureAwait(false);
        }

        reading = reading with { Operations = string.Join(',', new[] { prepared.Operations, reading.Operations }.Where(o => o.Length > 0)) };
        var guess = askOrientation && reading.Status == OcrPageStatus.Recognized && reading.MeanConfidence < _options.WeakConfidenceThreshold
            ? await DetectRotationAsync(page, cancellationToken).ConfigureAwait(false)
            : null;
        return (reading, guess);
    }

    /// <summary>Recognises a preprocessed page, retrying it once when weak; operations lists only what recognition did.</summary>
    private async Task<OcrResult> ReadPreparedAsync(PageJob job, GrayPageImage page, bool vertical, int rotation, CancellationToken cancellationToken)
    {
        using var lease = await _pool.RentAsync(cancellationToken).ConfigureAwait(false);

        // The main lease is held meanwhile, so vertical engines never add to the configured concurrency.
        using var verticalLease = vertical ? await _verticalPool!.Value.RentAsync(cancellationToken).ConfigureAwait(false) : null;
        var engine = verticalLease?.Engine ?? lease.Engine;
        var reading = await ReadWithLatinAsync(engine, page, null, vertical, cancellationToken).ConfigureAwait(false);
        var operations = new List<string> { vertical ? VerticalOperation : string.Empty };
        if (IsWeak(reading))
        {
            var (retry, label) = await RetryAsync(engine, job, page, rotation, vertical, cancellationToken).ConfigureAwait(false);
            operations.Add(label);
            reading = retry.Reading is { TimedOut: false } better && better.MeanConfidence > reading.Reading.MeanConfidence
                ? retry : reading;
            reading = reading with { Retried = true };
        }

        if (reading.LatinReread > 0)
        {
            operations.Add(Invariant($"latin:{reading.LatinReplaced}/{reading.LatinReread}"));
        }

        return Finish(reading, job.Source) with { Operations = string.Join(',', operations.Where(o => o.Length > 0)) };
    }

    /// <summary>
    /// One recognition of <paramref name="page"/>, then the second pass over its Latin words: on a horizontal page the
    /// weak ones, on a vertical page the columns where Latin words run sideways.
    /// </summary>
    private async Task<PageReading> ReadWithLatinAsync(TesseractEngine engine, GrayPageImage page, int? pageSegMode, bool vertical,
        CancellationToken cancellationToken)
    {
        var reading = await Task.Run(() => Read(engine, page, pageSegMode, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (_latinPool is null || reading.Reading.TimedOut || !reading.Reading.Text.Any(char.IsAsciiLetter))
        {
            return reading;
        }

        var words = vertical ? [] : LatinReread.Candidates(reading.Reading.LatinWords, _options.LatinRereadConfidence);
        var columns = vertical ? SidewaysLatin.Columns(reading.Reading.Symbols, page.Width, page.Height) : [];
        if (words.Count == 0 && columns.Count == 0)
        {
            return reading;
        }

        // The main lease is held meanwhile, as for vertical engines: the Latin pass never adds to the configured concurrency.
        using var lease = await _latinPool.Value.RentAsync(cancellationToken).ConfigureAwait(false);
        return await Task.Run(() =>
        {
            var started = _timeProvider.GetTimestamp();
            var (text, replaced) = vertical
                ? ReadSideways(lease.Engine, page, reading, columns, cancellationToken)
                : ReadWeakWords(lease.Engine, page, reading, words, cancellationToken);
            return reading with
            {
                Reading = reading.Reading with { Text = text },
                Milliseconds = reading.Milliseconds + (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds,
                LatinReread = vertical ? columns.Count : words.Count,
                LatinReplaced = replaced,
            };
        }, cancellationToken).ConfigureAwait(false);
    }

    private (string Text, int Replaced) ReadWeakWords(TesseractEngine latin, GrayPageImage page, PageReading reading, IReadOnlyList<LatinWord> words,
        CancellationToken cancellationToken)
    {
        latin.SetPage(page, reading.Dpi);
        var lines = latin.ReadLines([.. words.Select(w => LatinReread.Padded(w.Box, page.Width, page.Height))],
            TimeSpan.FromSeconds(_options.PageTimeoutSeconds), cancellationToken);
        if (lines is null)
        {
            return (reading.Reading.Text, 0);
        }

        var replacements = words.Select((w, i) => (Word: w, Latin: LatinReread.Choose(w, lines[i].Text, lines[i].Confidence)))
            .Where(r => r.Latin is not null).Select(r => (r.Word, r.Latin!)).ToList();
        return (LatinReread.Apply(reading.Reading.Text, replacements), replacements.Count);
    }

    private (string Text, int Replaced) ReadSideways(TesseractEngine latin, GrayPageImage page, PageReading reading,
        IReadOnlyList<(int Line, SymbolBox Box)> columns, CancellationToken cancellationToken)
    {
        var symbols = reading.Reading.Symbols;
        var replacements = new List<(int First, int Last, string Latin)>();
        foreach (var (line, box) in columns)
        {
            var turned = SidewaysLatin.CropTurnedLeft(page.Pixels, page.Stride, box);
            latin.SetPage(turned, box.Height, box.Width, box.Height, reading.Dpi);
            if (latin.ReadLineWords(TimeSpan.FromSeconds(_options.PageTimeoutSeconds), cancellationToken) is not { } words)
            {
                break;
            }

            var looked = new List<(string Text, SymbolBox Box, float Confidence)>(words.Count);
            foreach (var word in words)
            {
                if (!SidewaysLatin.NeedsSecondLook(word.Text, word.Confidence))
                {
                    looked.Add(word);
                    continue;
                }

                var (pixels, width, height) = SidewaysLatin.CropWord(turned, box.Height, box.Width, word.Box);
                latin.SetPage(pixels, width, height, width, reading.Dpi);
                looked.Add(word with { Confidence = SidewaysLatin.Confirmed(word, latin.ReadLineWords(TimeSpan.FromSeconds(_options.PageTimeoutSeconds), cancellationToken)) });
            }

            var blank = (int top, int bottom) => SidewaysEnds.Blank(page.Pixels, page.Stride, box.Left, box.Right, top, bottom);
            replacements.AddRange(SidewaysLatin.Found(symbols, line, box, looked, blank).Select(m => (m.First, m.Last, m.Latin)));
        }

        return (SidewaysLatin.Apply(reading.Reading.Text, symbols, replacements), replacements.Count);
    }

    private bool IsWeak(PageReading reading) =>
        !reading.Reading.TimedOut && reading.Reading.MeanConfidence < _options.WeakConfidenceThreshold && reading.Reading.Text.Trim().Length > 0;

    /// <summary>
    /// The one retry of a weak page: a binarised page is read again without binarisation (our threshold can erase
    /// faint strokes Tesseract's own would keep), an unbinarised one in the alternative segmentation mode.
    /// </summary>
    private async Task<(PageReading Reading, string Label)> RetryAsync(TesseractEngine engine, PageJob job, GrayPageImage page, int rotation,
        bool vertical, CancellationToken cancellationToken)
    {
        if (job.Preprocessing.Binarize != BinarizeMode.None)
        {
            using var plain = await PrepareAsync(job.Loaded, job.Preprocessing with { Binarize = BinarizeMode.None }, rotation, cancellationToken)
                .ConfigureAwait(false);
            var reading = await ReadWithLatinAsync(engine, plain.Image, null, vertical, cancellationToken).ConfigureAwait(false);
            return (reading, "retry:unbinarized");
        }

        var mode = TesseractEngine.AlternativeMode(_options.PageSegMode);
        var alternative = await ReadWithLatinAsync(engine, page, mode, vertical, cancellationToken).ConfigureAwait(false);
        return (alternative, Invariant($"retry:psm{mode}"));
    }

    /// <summary>
    /// Turns the decoded page clockwise by <paramref name="rotation"/> (a multiple of 90) first, so that deskew and the
    /// other operations see upright lines, then applies the preprocessing <paramref name="settings"/>.
    /// </summary>
    private Task<PreprocessedPage> PrepareAsync(GrayPageImage loaded, PreprocessingSettings settings, int rotation,
        CancellationToken cancellationToken) => Task.Run(() =>
        {
            if (rotation == 0)
            {
                return PagePreprocessor.Process(loaded, settings);
            }

            using var upright = PagePreprocessor.RotateClockwise(loaded, rotation);
            var prepared = PagePreprocessor.Process(upright, settings);
            return prepared with { Operations = prepared.Operations.Length > 0 ? $"rotate:{rotation},{prepared.Operations}" : $"rotate:{rotation}" };
        }, cancellationToken);

    /// <summary>
    /// OSD's clockwise turn that makes the page upright, when it names one other than none with at least
    /// <see cref="OcrPreprocessingOptions.MinOrientationConfidence"/>; otherwise null.
    /// </summary>
    private async Task<int?> DetectRotationAsync(GrayPageImage page, CancellationToken cancellationToken)
    {
        using var lease = await _osdPool.Value.RentAsync(cancellationToken).ConfigureAwait(false);
        return await Task.Run(() =>
        {
            lease.Engine.SetPage(page, Dpi(page));
            return lease.Engine.DetectOrientation() is ({ } degrees and not 0, var confidence)
                && confidence >= _options.Preprocessing.MinOrientationConfidence ? degrees : (int?)null;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Below 70 dpi Tesseract distrusts the value anyway; such files are usually screenshots tagged 72.</summary>
    private int Dpi(GrayPageImage page) => page.Dpi is >= 70 and var known ? (int)Math.Round(known) : _options.DefaultDpi;

    /// <summary>One recognition of <paramref name="page"/>, in <paramref name="pageSegMode"/> or the configured mode.</summary>
    private PageReading Read(TesseractEngine engine, GrayPageImage page, int? pageSegMode, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var dpi = Dpi(page);
        engine.SetPage(page, dpi);
        var raw = engine.Recognize(TimeSpan.FromSeconds(_options.PageTimeoutSeconds), cancellationToken, pageSegMode);
        return new PageReading(raw, dpi, (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds);
    }

    private OcrResult Finish(PageReading reading, OcrPageSource source)
    {
        if (reading.Reading.TimedOut)
        {
            Log.PageTimedOut(_logger, source.ImagePath, source.PageIndex + 1, _options.PageTimeoutSeconds);
            return TimedOut;
        }

        var text = OcrTextPostProcessor.Clean(reading.Reading.Text);
        var confidence = reading.Reading.MeanConfidence;
        Log.PageRecognized(_logger, source.ImagePath, source.PageIndex + 1, text.Length, confidence, reading.Milliseconds, reading.Dpi);
        return new OcrResult(text, confidence)
        {
            Weak = text.Length > 0 && confidence < _options.WeakConfidenceThreshold,
            Retried = reading.Retried,
        };
    }

    private static string Invariant(FormattableString value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A recognition with the resolution it was read at, how long it took, and how many Latin words the second pass read
    /// again and replaced.
    /// </summary>
    private readonly record struct PageReading(PageRecognition Reading, int Dpi, long Milliseconds, bool Retried = false, int LatinReread = 0, int LatinReplaced = 0);
}
