using Microsoft.Extensions.Logging;

namespace FileSearch.Embedded.Internals;

/// <summary>Log messages of the embedded storage (event ids 3100-3199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning,
        Message = "Message {MessageId} moved to the dead-letter queue after {ReceiveCount} receives: {Reason}")]
    public static partial void MessageDeadLettered(ILogger logger, string messageId, int receiveCount, string reason);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug,
        Message = "Dead-lettering message {MessageId} skipped: its receipt handle is stale (received again or deleted)")]
    public static partial void DeadLetterStaleReceipt(ILogger logger, string messageId);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information,
        Message = "Redrove {Count} dead-lettered message(s) back to the queue (message id {MessageId})")]
    public static partial void MessagesRedriven(ILogger logger, int count, string messageId);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Information,
        Message = "Bucket {Bucket} registered at {RootPath} (read-only: {ReadOnly})")]
    public static partial void BucketRegistered(ILogger logger, string bucket, string rootPath, bool readOnly);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Warning,
        Message = "Listing bucket {Bucket} skipped {Path}: {Reason}")]
    public static partial void ListEntrySkipped(ILogger logger, string bucket, string path, string reason);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information,
        Message = "The machine restarted since the queue was last used: {Count} message(s) in flight or delayed before the restart are visible again")]
    public static partial void ReleasedAfterRestart(ILogger logger, int count);
}
