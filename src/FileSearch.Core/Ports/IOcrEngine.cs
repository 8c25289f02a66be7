using FileSearch.Core.Domain;

namespace FileSearch.Core.Ports;

/// <summary>Result of recognising one image (page).</summary>
/// <param name="Text">Recognised text (UTF-8 decoded).</param>
/// <param name="MeanConfidence">Tesseract's mean word confidence, 0-100.</param>
/// <param name="Status">Whether the page was recognised, cut at a deadline or not OCR'd at all.</param>
public sealed record OcrResult(string Text, double MeanConfidence, OcrPageStatus Status = OcrPageStatus.Recognized)
{
    /// <summary>True when the confidence stayed under the configured threshold (after any retry).</summary>
    public bool Weak { get; init; }

    /// <summary>True when a weak first reading was retried with an alternative setting.</summary>
    public bool Retried { get; init; }

    /// <summary>What was done to the page besides plain recognition, comma-separated (e.g. <c>vertical</c>); empty when nothing.</summary>
    public string Operations { get; init; } = string.Empty;

    /// <summary>True when the result came from the page cache (checkpoint) instead of a new recognition.</summary>
    public bool Reused { get; init; }
}

/// <summary>One page of an image file: <paramref name="PageIndex"/> is 0-based.</summary>
public sealed record OcrPageSource(string ImagePath, int PageIndex = 0);

/// <summary>
/// Optical character recognition of images. The default engine calls libtesseract in-process,
/// one engine per worker thread, reused across pages.
/// </summary>
public interface IOcrEngine
{
    /// <summary>
    /// Recognises every frame/page of the image file; returns one result per page, including pages beyond the
    /// page limit (status <see cref="OcrPageStatus.NotRecognized"/>).
    /// </summary>
    Task<IReadOnlyList<OcrResult>> RecognizeFileAsync(string imagePath, CancellationToken cancellationToken);

    /// <summary>
    /// Recognises the given pages (possibly in parallel) under one document deadline; returns one result per source,
    /// in order. Pages the deadline cut off have status <see cref="OcrPageStatus.TimedOut"/>.
    /// </summary>
    Task<IReadOnlyList<OcrResult>> RecognizePagesAsync(IReadOnlyList<OcrPageSource> pages, CancellationToken cancellationToken);
}
