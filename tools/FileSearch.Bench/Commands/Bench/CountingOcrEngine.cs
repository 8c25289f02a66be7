using FileSearch.Core.Ports;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>
/// The OCR engine with a count of the pages it answered: read by Tesseract, reused from the OCR page cache, or not read
/// at all (a picture without evidence of text, a page too small to hold a character). A benchmark that claims to exercise
/// OCR checks the first count grew.
/// </summary>
internal sealed class CountingOcrEngine(IOcrEngine inner) : IOcrEngine
{
    private long _read;
    private long _reused;
    private long _skipped;

    /// <summary>Pages Tesseract recognised (not answered from the page cache).</summary>
    public long PagesRead => Interlocked.Read(ref _read);

    /// <summary>Pages answered from the OCR page cache.</summary>
    public long PagesReused => Interlocked.Read(ref _reused);

    /// <summary>Pages answered without reading them (no evidence of text, too small).</summary>
    public long PagesSkipped => Interlocked.Read(ref _skipped);

    public async Task<IReadOnlyList<OcrResult>> RecognizeFileAsync(string imagePath, CancellationToken cancellationToken) =>
        Count(await inner.RecognizeFileAsync(imagePath, cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<OcrResult>> RecognizePagesAsync(IReadOnlyList<OcrPageSource> pages, CancellationToken cancellationToken) =>
        Count(await inner.RecognizePagesAsync(pages, cancellationToken).ConfigureAwait(false));

    private IReadOnlyList<OcrResult> Count(IReadOnlyList<OcrResult> results)
    {
        foreach (var result in results)
        {
            if (result.Operations is "no-text" or "too-small")
            {
                Interlocked.Increment(ref _skipped);
            }
            else
            {
                Interlocked.Increment(ref result.Reused ? ref _reused : ref _read);
            }
        }

        return results;
    }
}
