using Microsoft.Extensions.Logging;

namespace FileSearch.Core.Pipeline;

internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Thumbnail failed for {Bucket}/{Key}: {Reason}")]
    public static partial void ThumbnailFailed(ILogger logger, string bucket, string key, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Embedding rejected for {Bucket}/{Key}: {Reason}")]
    public static partial void EmbeddingRejected(ILogger logger, string bucket, string key, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning,
        Message = "Embedder unavailable for {Bucket}/{Key} ({Code}: {Reason}); indexed without a vector, marked for backfill")]
    public static partial void EmbedderUnavailable(ILogger logger, string bucket, string key, string code, string reason);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "{Outcome} {Bucket}/{Key} ({Kind}) in {ElapsedMs} ms")]
    public static partial void FileProcessed(ILogger logger, string outcome, string bucket, string key, string kind, long elapsedMs);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Failed {Bucket}/{Key}: {FailureKind} {Code}: {Reason}")]
    public static partial void FileFailed(ILogger logger, string bucket, string key, string failureKind, string code, string reason);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "Skipped {Bucket}/{Key}: {Outcome} (stored version {StoredVersion}, event version {EventVersion})")]
    public static partial void FileSkipped(ILogger logger, string bucket, string key, string outcome, string storedVersion, string eventVersion);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "Message {MessageId} dead-lettered after {ReceiveCount} receive(s): {Reason}")]
    public static partial void DeadLettered(ILogger logger, string messageId, int receiveCount, string reason);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Information, Message = "Message {MessageId} will be retried in {DelaySeconds} s (receive {ReceiveCount} of {MaxReceiveCount}): {Reason}")]
    public static partial void RetryScheduled(ILogger logger, string messageId, double delaySeconds, int receiveCount, int maxReceiveCount, string reason);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Information, Message = "Message {MessageId} released to the queue (shutdown)")]
    public static partial void Released(ILogger logger, string messageId);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Debug, Message = "S3 test event {MessageId} acknowledged")]
    public static partial void TestEventIgnored(ILogger logger, string messageId);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Information, Message = "Worker started: concurrency {Concurrency}, visibility {VisibilityTimeout}, max receives {MaxReceiveCount}")]
    public static partial void WorkerStarted(ILogger logger, int concurrency, TimeSpan visibilityTimeout, int maxReceiveCount);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Information, Message = "Worker draining: {InFlight} message(s) in flight, deadline {DrainTimeout}")]
    public static partial void Draining(ILogger logger, int inFlight, TimeSpan drainTimeout);

    [LoggerMessage(EventId = 1032, Level = LogLevel.Information, Message = "Worker stopped")]
    public static partial void WorkerStopped(ILogger logger);

    [LoggerMessage(EventId = 1033, Level = LogLevel.Error, Message = "Queue operation failed; retrying in {DelaySeconds} s: {Reason}")]
    public static partial void QueueError(ILogger logger, double delaySeconds, string reason);

    [LoggerMessage(EventId = 1034, Level = LogLevel.Warning, Message = "Visibility extension failed for message {MessageId}: {Reason}")]
    public static partial void HeartbeatFailed(ILogger logger, string messageId, string reason);

    [LoggerMessage(EventId = 1040, Level = LogLevel.Information, Message = "Removed stale temp folder {Path}")]
    public static partial void StaleTempRemoved(ILogger logger, string path);
}
