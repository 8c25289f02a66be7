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

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "The previous attempt at {Bucket}/{Key} died in stage {Stage} (the worker process ended in it {Interruptions} time(s))")]
    public static partial void AttemptDied(ILogger logger, string bucket, string key, string stage, int interruptions);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Warning, Message = "Could not clear the active stage of {Bucket}/{Key}: {Reason}")]
    public static partial void ActiveStageNotCleared(ILogger logger, string bucket, string key, string reason);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Information, Message = "Member {Member} of {Bucket}/{Key} left out or unread: {Code}: {Reason}")]
    public static partial void MemberLeftOut(ILogger logger, string bucket, string key, string member, string code, string reason);

    [LoggerMessage(EventId = 1040, Level = LogLevel.Information, Message = "Removed stale temp folder {Path}")]
    public static partial void StaleTempRemoved(ILogger logger, string path);
}
