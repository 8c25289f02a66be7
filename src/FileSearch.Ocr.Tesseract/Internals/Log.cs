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

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning,
        Message = "OCR of {FilePath} stopped after the {TimeoutSeconds} s document timeout with {Finished} of {PageCount} pages done; the rest are flagged as timed out")]
    public static partial void DocumentTimedOut(ILogger logger, string filePath, int timeoutSeconds, int finished, int pageCount);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information,
        Message = "PDF {FilePath}: {OcrPages} of {PageCount} pages have no usable text layer and are OCR'd")]
    public static partial void PdfPagesNeedOcr(ILogger logger, string filePath, int ocrPages, int pageCount);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning,
        Message = "pdftoppm could not rasterize pages {FirstPage}-{LastPage} of {FilePath}: {Reason}; those pages are not OCR'd")]
    public static partial void RasterizeFailed(ILogger logger, string filePath, int firstPage, int lastPage, string reason);

    [LoggerMessage(EventId = 4130, Level = LogLevel.Debug,
        Message = "OCR of {FilePath} page {Page} skipped: no evidence of text ({Presence})")]
    public static partial void PageWithoutText(ILogger logger, string filePath, int page, string presence);
}
