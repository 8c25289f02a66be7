using Microsoft.Extensions.Logging;

namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>Log messages of the Tesseract OCR adapter (event ids 4100-4199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information,
        Message = "Tesseract engine {EngineNumber} of {PoolSize} created in {ElapsedMs} ms")]
    public static partial void EngineCreated(ILogger logger, int engineNumber, int poolSize, long elapsedMs);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug,
        Message = "OCR of {FilePath} page {PageNumber}: {Characters} characters, confidence {Confidence}, {ElapsedMs} ms at {Dpi} dpi")]
    public static partial void PageRecognized(ILogger logger, string filePath, int pageNumber, int characters, int confidence, long elapsedMs, int dpi);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning,
        Message = "OCR of {FilePath} page {PageNumber} stopped after the {TimeoutSeconds} s page timeout; the page keeps no text")]
    public static partial void PageTimedOut(ILogger logger, string filePath, int pageNumber, double timeoutSeconds);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning,
        Message = "OCR of {FilePath}: only the first {MaxPages} of {PageCount} pages are recognised (Ocr:MaxPages)")]
    public static partial void PagesTruncated(ILogger logger, string filePath, int maxPages, int pageCount);
}
