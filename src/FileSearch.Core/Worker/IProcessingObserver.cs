using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;

namespace FileSearch.Core.Worker;

/// <summary>What finally happened to a queue message.</summary>
public enum MessageOutcome
{
    /// <summary>Processed and deleted from the queue.</summary>
    Completed = 0,

    /// <summary>An S3 test event, deleted without effect.</summary>
    Ignored = 1,

    /// <summary>Made visible again after a backoff; will be received again.</summary>
    Retrying = 2,

    /// <summary>Moved to the dead-letter queue with a reason.</summary>
    DeadLettered = 3,

    /// <summary>Released to the queue unprocessed because the worker is stopping.</summary>
    Released = 4,
}

/// <summary>Receives progress from the worker (the CLI's live display, metrics). Implementations must be thread-safe and fast.</summary>
public interface IProcessingObserver
{
    void OnFileProcessed(ProcessingResult result);

    void OnMessageFinished(QueueMessage message, MessageOutcome outcome, string? reason);
}
