using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FileSearch.Imaging;

namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>Raw outcome of one page: Tesseract's text, its mean word confidence, and whether the deadline cut it short.</summary>
internal readonly record struct PageRecognition(string Text, int MeanConfidence, bool TimedOut);

/// <summary>
/// One initialised <c>TessBaseAPI</c> (language models loaded once, reused for every page). Not thread-safe:
/// the pool hands it to one worker at a time.
/// </summary>
internal sealed unsafe class TesseractEngine : IDisposable
{
    /// <summary><c>PSM_SINGLE_BLOCK</c>: the fallback when automatic layout analysis finds no text.</summary>
    public const int SingleBlockMode = 6;

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
        if (_pagesAsPix)
        {
            var pix = Leptonica.CreateGray(page.Pixels, page.Width, page.Height, page.Stride, dpi);
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
            fixed (byte* pixels = page.Pixels)
            {
                TessApi.TessBaseAPISetImage(_api, pixels, page.Width, page.Height, 1, page.Stride);
            }
        }

        TessApi.TessBaseAPISetSourceResolution(_api, dpi);
    }

    /// <summary>The mode a weak reading in <paramref name="mode"/> is retried with: single block, or automatic for single block.</summary>
    public static int AlternativeMode(int mode) => mode == SingleBlockMode ? 3 : SingleBlockMode;

    /// <summary>
    /// Recognises the page set by <see cref="SetPage"/>. Tesseract polls <paramref name="cancellationToken"/>
    /// and the deadline between words, so neither waits for the whole page. When automatic layout analysis
    /// (mode 1 or 3) finds nothing, which it does for a lone short word such as a label or a stamp, the page
    /// is read once more as a single block and that text is kept if Tesseract is confident of it.
    /// </summary>
    public PageRecognition Recognize(TimeSpan timeout, CancellationToken cancellationToken, int? pageSegMode = null)
    {
        var mode = pageSegMode ?? _pageSegMode;
        var token = new StrongBox<CancellationToken>(cancellationToken);
        var tokenHandle = GCHandle.Alloc(token);
        var monitor = TessApi.TessMonitorCreate();
        try
        {
            TessApi.TessMonitorSetCancelFunc(monitor, &ShouldCancel);
            TessApi.TessMonitorSetCancelThis(monitor, GCHandle.ToIntPtr(tokenHandle));
            TessApi.TessMonitorSetDeadlineMSecs(monitor, (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue));

            TessApi.TessBaseAPISetPageSegMode(_api, mode);
            var result = RecognizeOnce(monitor, cancellationToken);
            if (result is { TimedOut: false, Text: var text } && string.IsNullOrWhiteSpace(text) && mode is 1 or 3)
            {
                TessApi.TessBaseAPISetPageSegMode(_api, SingleBlockMode);
                var block = RecognizeOnce(monitor, cancellationToken);
                result = block.TimedOut || block.MeanConfidence >= FallbackMinConfidence ? block : result;
            }

            return result;
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
    /// Tesseract's orientation detection on the page set by <see cref="SetPage"/> (engine initialised with <c>osd</c>):
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

        var text = TessApi.TakeText(TessApi.TessBaseAPIGetUTF8Text(_api));
        return new PageRecognition(text, Math.Max(0, TessApi.TessBaseAPIMeanTextConf(_api)), TimedOut: false);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte ShouldCancel(IntPtr cancelThis, int words) =>
        GCHandle.FromIntPtr(cancelThis).Target is StrongBox<CancellationToken> { Value.IsCancellationRequested: true } ? (byte)1 : (byte)0;
}
