using Microsoft.Extensions.Logging;

namespace FileSearch.Core.Worker;

internal static partial class Log
{
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

    [LoggerMessage(EventId = 1035, Level = LogLevel.Warning, Message = "Not taking messages: {Path} has {FreeBytes} bytes free, below Worker:MinFreeDiskBytes ({MinimumBytes}); waiting for space")]
    public static partial void DiskSpaceLow(ILogger logger, string path, long freeBytes, long minimumBytes);

    [LoggerMessage(EventId = 1036, Level = LogLevel.Information, Message = "Disk space is back above Worker:MinFreeDiskBytes; taking messages again")]
    public static partial void DiskSpaceRecovered(ILogger logger);
}
