using Microsoft.Extensions.Logging;

namespace FileSearch.Embeddings.Bedrock.Internals;

/// <summary>Log messages of the Bedrock embedding adapter (event ids 4200-4299).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Warning,
        Message = "Bedrock throttled {ModelId} (attempt {Attempt}); rate now {RatePerSecond:0.##}/s, {Throttles} throttles so far")]
    public static partial void Throttled(ILogger logger, string modelId, int attempt, double ratePerSecond, long throttles);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning,
        Message = "Bedrock {ModelId} transient failure (attempt {Attempt}): {Reason}")]
    public static partial void TransientFailure(ILogger logger, string modelId, int attempt, string reason);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information,
        Message = "Image {FilePath} re-encoded for Bedrock: {OriginalBytes} bytes {Width}x{Height} -> {Bytes} bytes {ContentType}")]
    public static partial void ImagePrepared(ILogger logger, string filePath, long originalBytes, int width, int height, int bytes, string contentType);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning,
        Message = "Bedrock rejected the input of {ModelId}: {Reason}")]
    public static partial void Rejected(ILogger logger, string modelId, string reason);
}
