using FileSearch.Core.Domain;
using Microsoft.Extensions.Logging;

namespace FileSearch.Extraction.Internals;

internal static partial class Log
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information,
        Message = "Content of {FileName} is {ContentKind} but its extension says {ExtensionKind}")]
    public static partial void ExtensionMismatch(ILogger logger, string fileName, FileKind contentKind, FileKind extensionKind);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning,
        Message = "{FileName} is an OLE2 compound document (legacy Office format or password-protected Office file), which is not supported")]
    public static partial void Ole2Document(ILogger logger, string fileName);

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
}
