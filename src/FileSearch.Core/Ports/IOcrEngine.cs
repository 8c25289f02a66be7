namespace FileSearch.Core.Ports;

/// <summary>Result of recognising one image (page).</summary>
/// <param name="Text">Recognised text (UTF-8 decoded).</param>
/// <param name="MeanConfidence">Tesseract's mean word confidence, 0-100.</param>
public sealed record OcrResult(string Text, double MeanConfidence);

/// <summary>
/// Optical character recognition of images. The default engine calls libtesseract in-process,
/// one engine per worker thread, reused across pages.
/// </summary>
public interface IOcrEngine
{
    /// <summary>Recognises every frame/page of the image file; returns one result per page.</summary>
    Task<IReadOnlyList<OcrResult>> RecognizeFileAsync(string imagePath, CancellationToken cancellationToken);
}
