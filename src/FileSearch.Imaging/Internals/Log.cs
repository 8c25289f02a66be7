using Microsoft.Extensions.Logging;

namespace FileSearch.Imaging.Internals;

/// <summary>Log messages of the imaging adapter (event ids 4000-4099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information,
        Message = "libvips {VipsVersion} ready: untrusted loaders blocked, operation cache disabled, formats {Formats}")]
    public static partial void VipsReady(ILogger logger, string vipsVersion, string formats);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "Image {FilePath} rejected: {Width}x{Height} pixels exceeds the limit of {MaxPixels}")]
    public static partial void ImageTooLarge(ILogger logger, string filePath, int width, int height, long maxPixels);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning,
        Message = "Image {FilePath} could not be decoded ({Code}): {Reason}")]
    public static partial void DecodeFailed(ILogger logger, string filePath, string code, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug,
        Message = "Thumbnails of {FilePath}: {Count} rendered in {ElapsedMs} ms")]
    public static partial void ThumbnailsRendered(ILogger logger, string filePath, int count, long elapsedMs);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information,
        Message = "Thumbnail of {FilePath} is a placeholder ({Code}): {Reason}")]
    public static partial void PlaceholderUsed(ILogger logger, string filePath, string code, string reason);
}
