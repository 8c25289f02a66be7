using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FileSearch.Imaging;

namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>
/// Raw outcome of one page: Tesseract's text, its mean word confidence, whether the deadline cut it short, and the
/// words that hold Latin letters (empty when the text has none).
/// </summary>
internal readonly record struct PageRecognition(string Text, int MeanConfidence, bool TimedOut)
{
    /// <summary>The symbols of the reading, in reading order.</summary>
    public IReadOnlyList<PageSymbol> Symbols { get; init; } = [];

    /// <summary>The words of <see cref="Symbols"/> that have Latin letters.</summary>
    public IReadOnlyList<LatinWord> LatinWords => LatinWord.All(Symbols);
}

/// <summary>
/// One initialised <c>TessBaseAPI</c> (language models loaded once, reused for every page). Not thread-safe:
/// the pool hands it to one worker at a time.
/// </summary>
internal sealed unsafe class TesseractEngine : IDisposable
{
    /// <summary><c>PSM_SINGLE_BLOCK</c>: the fallback when automatic layout analysis finds no text.</summary>
    public const int SingleBlockMode = 6;

    /// <summary><c>PSM_SINGLE_LINE</c>: how <see cref="ReadLines"/> reads each box.</summary>
    public const int SingleLineMode = 7;

    /// <summary>Least mean confidence for the single-block fallback's text to be kept (photos give noise around 30).</summary>
    public const int FallbackMinConfidence = 60;

    private readonly TessBaseApiHandle _api;
    private readonly int _pageSegMode;
    private readonly bool _pagesAsPix;

    private TesseractEngine(TessBaseApiHandle api, int pageSegMode, bool pagesAsPix)
    {
        _api = api;
        _pageSegMode = pageSegMode;
        _pagesAsPix = pagesAsPix;
    }

    /// <summary>
    /// Creates and initialises an engine; the library must be loaded (<see cref="TesseractLibrary.EnsureLoaded"/>). Pages
    /// are handed over as a leptonica <c>Pix</c> (<see cref="Leptonica"/>) when <paramref name="pagesAsPix"/> and leptonica
    /// loads, otherwise as raw bytes.
    /// </summary>
    public static TesseractEngine Create(string tessdataPath, string languages, int pageSegMode, int oem = TessApi.OemLstmOnly, bool pagesAsPix = true)
    {
        var api = TessApi.TessBaseAPICreate();
        if (api.IsInvalid)
        {
            throw new InvalidOperationException("TessBaseAPICreate returned null");
        }

        if (TessApi.TessBaseAPIInit2(api, tessdataPath, languages, oem) != 0)
        {
            api.Dispose();
            throw new InvalidOperationException(
                $"Tesseract could not load languages '{languages}' from {tessdataPath}: {TesseractLibrary.InstallHint}");
        }

        TessApi.TessBaseAPISetPageSegMode(api, pageSegMode);

        // Tesseract's progress chatter ("Detected 12 diacritics") goes to stderr otherwise.
        TessApi.TessBaseAPISetVariable(api, "debug_file", "/dev/null");
        return new TesseractEngine(api, pageSegMode, pagesAsPix && Leptonica.IsAvailable());
    }

    /// <summary>
    /// Hands the page to Tesseract, which copies the pixels: the caller may dispose the page right after.
    /// </summary>
    public void SetPage(GrayPageImage page, int dpi)
    {
        ArgumentNullException.ThrowIfNull(page);
        SetPage(page.Pixels, page.Width, page.Height, page.Stride, dpi);
    }

    /// <summary>Hands 8-bit gray pixels to Tesseract, which copies them.</summary>
    public void SetPage(ReadOnlySpan<byte> page, int width, int height, int stride, int dpi)
    {
        if (_pagesAsPix)
        {
            var pix = Leptonica.CreateGray(page, width, height, stride, dpi);
            try
            {
                TessApi.TessBaseAPISetImage2(_api, pix);
            }
            finally
            {
                Leptonica.Destroy(pix);
            }
        }
        else
        {
            fixed (byte* pixels = page)
            {
                TessApi.TessBaseAPISetImage(_api, pixels, width, height, 1, stride);
            }
        }

        TessApi.TessBaseAPISetSourceResolution(_api, dpi);
    }

    /// <summary>The mode a weak reading in <paramref name="mode"/> is retried with: single block, or automatic for single block.</summary>
    public static int AlternativeMode(int mode) => mode == SingleBlockMode ? 3 : SingleBlockMode;

    /// <summary>
    /// Recognises the page set by <see cref="SetPage(GrayPageImage, int)"/>. Tesseract polls <paramref name="cancellationToken"/>
    /// and the deadline between words, so neither waits for the whole page. When automatic layout analysis
    /// (mode 1 or 3) finds nothing, which it does for a lone short word such as a label or a stamp, the page
    /// is read once more as a single block and that text is kept if Tesseract is confident of it.
    /// </summary>
    public PageRecognition Recognize(TimeSpan timeout, CancellationToken cancellationToken, int? pageSegMode = null)
    {
        var mode = pageSegMode ?? _pageSegMode;
        return WithMonitor(timeout, cancellationToken, monitor =>
        {
            TessApi.TessBaseAPISetPageSegMode(_api, mode);
            var result = RecognizeOnce(monitor, cancellationToken);
            if (result is { TimedOut: false, Text: var text } && string.IsNullOrWhiteSpace(text) && mode is 1 or 3)
            {
                TessApi.TessBaseAPISetPageSegMode(_api, SingleBlockMode);
                var block = RecognizeOnce(monitor, cancellationToken);
                result = block.TimedOut || block.MeanConfidence >= FallbackMinConfidence ? block : result;
            }

            return result;
        });
    }

    /// <summary>
    /// Runs <paramref name="recognize"/> with a monitor that stops Tesseract at the deadline or on cancellation, then
    /// restores the engine's mode and clears the page.
    /// </summary>
    private T WithMonitor<T>(TimeSpan timeout, CancellationToken cancellationToken, Func<IntPtr, T> recognize)
    {
        var token = new StrongBox<CancellationToken>(cancellationToken);
        var tokenHandle = GCHandle.Alloc(token);
        var monitor = TessApi.TessMonitorCreate();
        try
        {
            TessApi.TessMonitorSetCancelFunc(monitor, &ShouldCancel);
            TessApi.TessMonitorSetCancelThis(monitor, GCHandle.ToIntPtr(tokenHandle));
            TessApi.TessMonitorSetDeadlineMSecs(monitor, (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue));
            return recognize(monitor);
        }
        finally
        {
            TessApi.TessBaseAPISetPageSegMode(_api, _pageSegMode);
            TessApi.TessBaseAPIClear(_api);
            TessApi.TessMonitorDelete(monitor);
            tokenHandle.Free();
        }
    }

    /// <summary>
    /// Tesseract's orientation detection on the page set by <see cref="SetPage(GrayPageImage, int)"/> (engine initialised with <c>osd</c>):
    /// the clockwise rotation that makes the page upright and its confidence, or null when OSD found too little text.
    /// </summary>
    public (int Degrees, float Confidence)? DetectOrientation()
    {
        int degrees;
        float confidence, scriptConfidence;
        IntPtr script;
        try
        {
            return TessApi.TessBaseAPIDetectOrientationScript(_api, &degrees, &confidence, &script, &scriptConfidence) != 0
                ? (((360 - degrees) % 360), confidence)
                : null;
        }
        finally
        {
            TessApi.TessBaseAPIClear(_api);
        }
    }

    public void Dispose() => _api.Dispose();

    private PageRecognition RecognizeOnce(IntPtr monitor, CancellationToken cancellationToken)
    {
        var status = TessApi.TessBaseAPIRecognize(_api, monitor);
        cancellationToken.ThrowIfCancellationRequested();
        if (status != 0)
        {
            // Only the deadline stops Recognize without cancellation; asking for the text now would start over.
            return new PageRecognition(string.Empty, 0, TimedOut: true);
        }

        var (text, symbols) = DoubledKana.Collapse(TessApi.TakeText(TessApi.TessBaseAPIGetUTF8Text(_api)), ReadSymbols());
        return new PageRecognition(text, Math.Max(0, TessApi.TessBaseAPIMeanTextConf(_api)), TimedOut: false) { Symbols = symbols };
    }

    /// <summary>
    /// The symbols of the last recognition with their boxes, word and line numbers, word boxes and confidences. In vertical
    /// mode (5) Tesseract's symbol boxes are degenerate (two pixels wide, across the column); its word boxes are not.
    /// </summary>
    private List<PageSymbol> ReadSymbols()
    {
        var symbols = new List<PageSymbol>();
        var iterator = TessApi.TessBaseAPIGetIterator(_api);
        if (iterator == IntPtr.Zero)
        {
            return symbols;
        }

        try
        {
            var page = TessApi.TessResultIteratorGetPageIteratorConst(iterator);
            int word = -1, line = -1;
            var confidence = 0f;
            int left, top, right, bottom;
            var wordBox = default(SymbolBox);
            do
            {
                line += TessApi.TessPageIteratorIsAtBeginningOf(page, TessApi.LevelTextLine) != 0 ? 1 : 0;
                if (TessApi.TessPageIteratorIsAtBeginningOf(page, TessApi.LevelWord) != 0)
                {
                    word++;
                    confidence = TessApi.TessResultIteratorConfidence(iterator, TessApi.LevelWord);
                    wordBox = TessApi.TessPageIteratorBoundingBox(page, TessApi.LevelWord, &left, &top, &right, &bottom) != 0
                        ? new SymbolBox(left, top, right, bottom) : default;
                }

                var text = TessApi.TakeText(TessApi.TessResultIteratorGetUTF8Text(iterator, TessApi.LevelSymbol));
                if (TessApi.TessPageIteratorBoundingBox(page, TessApi.LevelSymbol, &left, &top, &right, &bottom) != 0)
                {
                    symbols.Add(new PageSymbol(text, new SymbolBox(left, top, right, bottom), word, line, confidence) { WordBox = wordBox });
                }
            }
            while (TessApi.TessResultIteratorNext(iterator, TessApi.LevelSymbol) != 0);

            return symbols;
        }
        finally
        {
            TessApi.TessResultIteratorDelete(iterator);
        }
    }

    /// <summary>
    /// Reads the whole page set by <see cref="SetPage(System.ReadOnlySpan{byte}, int, int, int, int)"/> as one line and returns its
    /// words with their boxes and confidences, or null when the deadline passed. The page is cleared afterwards.
    /// </summary>
    public IReadOnlyList<(string Text, SymbolBox Box, float Confidence)>? ReadLineWords(TimeSpan timeout, CancellationToken cancellationToken) =>
        WithMonitor(timeout, cancellationToken, IReadOnlyList<(string Text, SymbolBox Box, float Confidence)>? (monitor) =>
        {
            TessApi.TessBaseAPISetPageSegMode(_api, SingleLineMode);
            var status = TessApi.TessBaseAPIRecognize(_api, monitor);
            cancellationToken.ThrowIfCancellationRequested();
            if (status != 0)
            {
                return null;
            }

            var words = new List<(string, SymbolBox, float)>();
            var iterator = TessApi.TessBaseAPIGetIterator(_api);
            if (iterator == IntPtr.Zero)
            {
                return words;
            }

            try
            {
                var page = TessApi.TessResultIteratorGetPageIteratorConst(iterator);
                do
                {
                    int left, top, right, bottom;
                    var text = TessApi.TakeText(TessApi.TessResultIteratorGetUTF8Text(iterator, TessApi.LevelWord));
                    if (TessApi.TessPageIteratorBoundingBox(page, TessApi.LevelWord, &left, &top, &right, &bottom) != 0)
                    {
                        words.Add((text, new SymbolBox(left, top, right, bottom), TessApi.TessResultIteratorConfidence(iterator, TessApi.LevelWord)));
                    }
                }
                while (TessApi.TessResultIteratorNext(iterator, TessApi.LevelWord) != 0);
            }
            finally
            {
                TessApi.TessResultIteratorDelete(iterator);
            }

            return words;
        });

    /// <summary>
    /// Reads each box of the page set by <see cref="SetPage(GrayPageImage, int)"/> as one line (this engine's languages, typically
    /// <c>eng</c>), under one deadline; returns each box's text and mean confidence, or null for all once the deadline
    /// passes. The page is cleared afterwards.
    /// </summary>
    public IReadOnlyList<(string Text, int Confidence)>? ReadLines(IReadOnlyList<SymbolBox> boxes, TimeSpan timeout, CancellationToken cancellationToken) =>
        WithMonitor(timeout, cancellationToken, IReadOnlyList<(string Text, int Confidence)>? (monitor) =>
        {
            TessApi.TessBaseAPISetPageSegMode(_api, SingleLineMode);
            var readings = new List<(string, int)>(boxes.Count);
            foreach (var box in boxes)
            {
                TessApi.TessBaseAPISetRectangle(_api, box.Left, box.Top, box.Width, box.Height);
                var status = TessApi.TessBaseAPIRecognize(_api, monitor);
                cancellationToken.ThrowIfCancellationRequested();
                if (status != 0)
                {
                    return null;
                }

                readings.Add((TessApi.TakeText(TessApi.TessBaseAPIGetUTF8Text(_api)).Trim(), Math.Max(0, TessApi.TessBaseAPIMeanTextConf(_api))));
            }

            return readings;
        });

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte ShouldCancel(IntPtr cancelThis, int words) =>
        GCHandle.FromIntPtr(cancelThis).Target is StrongBox<CancellationToken> { Value.IsCancellationRequested: true } ? (byte)1 : (byte)0;
}
