using FileSearch.Core.Domain;
using Microsoft.Extensions.Logging;

namespace FileSearch.Extraction.Internals;

internal static partial class Log
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information,
        Message = "Content of {FileName} is {ContentKind} but its extension says {ExtensionKind}")]
    public static partial void ExtensionMismatch(ILogger logger, string fileName, FileKind contentKind, FileKind extensionKind);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning,
        Message = "{FileName} is an OLE2 compound document that is not supported: {Reason}")]
    public static partial void Ole2Document(ILogger logger, string fileName, string reason);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Debug,
        Message = "{FileName} starts like an OLE2 compound file but its directory cannot be read: {Reason}")]
    public static partial void UnreadableOle2(ILogger logger, string fileName, string reason);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Debug,
        Message = "{FileName} starts like a ZIP file but its directory cannot be read: {Reason}")]
    public static partial void UnreadableZip(ILogger logger, string fileName, string reason);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Debug,
        Message = "No known signature in {FileName}; type {Kind} taken from its extension")]
    public static partial void DetectedByExtension(ILogger logger, string fileName, FileKind kind);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Debug,
        Message = "Decoded {FilePath} as {Encoding}: {Bytes} bytes read, truncated {Truncated}")]
    public static partial void TextDecoded(ILogger logger, string filePath, string encoding, int bytes, bool truncated);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information,
        Message = "{EmptyPages} of {PageCount} pages of {FilePath} have no text layer")]
    public static partial void PdfPagesWithoutText(ILogger logger, int emptyPages, int pageCount, string filePath);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Warning,
        Message = "Page {PageNumber} of {FilePath} cannot be read and is left empty: {Reason}")]
    public static partial void PdfPageUnreadable(ILogger logger, int pageNumber, string filePath, string reason);

    [LoggerMessage(EventId = 2401, Level = LogLevel.Warning,
        Message = "Rejected Office package {FilePath} as a decompression bomb: {Reason}")]
    public static partial void DecompressionBomb(ILogger logger, string filePath, string reason);

    [LoggerMessage(EventId = 2501, Level = LogLevel.Information,
        Message = "Text of {FilePath} truncated at {MaxChars} characters")]
    public static partial void TextTruncated(ILogger logger, string filePath, int maxChars);

    [LoggerMessage(EventId = 2601, Level = LogLevel.Information,
        Message = "LibreOffice instance {Instance} started (soffice pid {ProcessId}) in {Elapsed}")]
    public static partial void InstanceStarted(ILogger logger, int instance, int processId, TimeSpan elapsed);

    [LoggerMessage(EventId = 2602, Level = LogLevel.Warning,
        Message = "LibreOffice instance {Instance} timed out after {Timeout} on {FilePath}; killed")]
    public static partial void ConversionTimedOut(ILogger logger, int instance, string filePath, TimeSpan timeout);

    [LoggerMessage(EventId = 2603, Level = LogLevel.Warning,
        Message = "LibreOffice instance {Instance} failed on {FilePath}: {Reason}; killed")]
    public static partial void InstanceCrashed(ILogger logger, int instance, string filePath, string reason);

    [LoggerMessage(EventId = 2604, Level = LogLevel.Debug,
        Message = "LibreOffice instance {Instance} ({Program}): {Line}")]
    public static partial void ProcessOutput(ILogger logger, int instance, string program, string line);

    [LoggerMessage(EventId = 2605, Level = LogLevel.Debug,
        Message = "Converted {FilePath} to {Extension} in {ElapsedMs} ms (warm instance: {Warm})")]
    public static partial void Converted(ILogger logger, string filePath, string extension, long elapsedMs, bool warm);

    [LoggerMessage(EventId = 2606, Level = LogLevel.Information,
        Message = "LibreOffice loaded {FilePath} but did not write its {Extension} ({Reason}); the other outputs were written")]
    public static partial void OutputSkipped(ILogger logger, string filePath, string extension, string reason);

    [LoggerMessage(EventId = 2608, Level = LogLevel.Warning,
        Message = "LibreOffice did not convert {FilePath} with its first-page preview ({Code}); converting it for its text alone")]
    public static partial void ConvertedAlone(ILogger logger, string filePath, string code);

    [LoggerMessage(EventId = 2607, Level = LogLevel.Debug,
        Message = "First-page preview of {FilePath} taken from the PDF its text extraction wrote ({PdfPath})")]
    public static partial void PreviewReused(ILogger logger, string filePath, string pdfPath);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information,
        Message = "{FilePath} does not parse as {Format} ({Reason}); read as plain text")]
    public static partial void ReadAsPlainText(ILogger logger, string filePath, string format, string reason);

    [LoggerMessage(EventId = 2701, Level = LogLevel.Debug, Message = "Read archive {FilePath}: {Members} member(s) handed out, {Skipped} left out")]
    public static partial void ArchiveRead(ILogger logger, string filePath, int members, int skipped);

    [LoggerMessage(EventId = 2702, Level = LogLevel.Debug, Message = "Read mail {FilePath}: {Members} attachment(s) handed out, {Skipped} left out")]
    public static partial void MailAttachmentsRead(ILogger logger, string filePath, int members, int skipped);
}
