using FileSearch.Core.Ports;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>
/// The OCR engine with a count of the pages it answered: read by Tesseract, or reused from the OCR page cache. A
/// benchmark that claims to exercise OCR checks the first count grew.
/// </summary>
internal sealed class CountingOcrEngine(IOcrEngine inner) : IOcrEngine
{
    private long _read;
    private long _reused;

    /// <summary>Pages Tesseract recognised (not answered from the page cache).</summary>
    public long PagesRead => Interlocked.Read(ref _read);

    /// <summary>Pages answered from the OCR page cache.</summary>
    public long PagesReused => Interlocked.Read(ref _reused);

    public async Task<IReadOnlyList<OcrResult>> RecognizeFileAsync(string imagePath, CancellationToken cancellationToken) =>
        Count(await inner.RecognizeFileAsync(imagePath, cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<OcrResult>> RecognizePagesAsync(IReadOnlyList<OcrPageSource> pages, CancellationToken cancellationToken) =>
        Count(await inner.RecognizePagesAsync(pages, cancellationToken).ConfigureAwait(false));

    private IReadOnlyList<OcrResult> Count(IReadOnlyList<OcrResult> results)
    {
        foreach (var result in results)
        {
            Interlocked.Increment(ref result.Reused ? ref _reused : ref _read);
        }

        return results;
    }
}
