using System.Collections.Concurrent;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;

namespace FileSearch.Bench.Load;

/// <summary>
/// Follows every message the simulated users sent until a worker finishes it, which gives the age of the oldest
/// unfinished message. SQS has <c>ApproximateAgeOfOldestMessage</c> only as a CloudWatch metric, not as a queue
/// attribute, and the stand-in has no CloudWatch, so the run measures it from its own events.
/// </summary>
internal sealed class MessageTracker(TimeProvider time) : IProcessingObserver
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _unfinished = new(StringComparer.Ordinal);

    // A worker may finish a message before the sender has recorded its id.
    private readonly ConcurrentDictionary<string, byte> _finishedFirst = new(StringComparer.Ordinal);
    private long _sent;
    private long _completed;
    private long _deadLettered;
    private long _retried;
    private long _indexed;
    private long _unchanged;

    public long Sent => Interlocked.Read(ref _sent);

    public long Completed => Interlocked.Read(ref _completed);

    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    public long Retried => Interlocked.Read(ref _retried);

    /// <summary>Files the pipeline extracted and indexed (a new document or version).</summary>
    public long Indexed => Interlocked.Read(ref _indexed);

    /// <summary>Events for a version already indexed (or older): acknowledged without work, as idempotence requires.</summary>
    public long Unchanged => Interlocked.Read(ref _unchanged);

    public long Finished => Completed + DeadLettered;

    public int Unfinished => _unfinished.Count;

    /// <summary>Forgets the counts so far (after the warm-up, when nothing is in flight).</summary>
    public void ResetCounts()
    {
        Interlocked.Exchange(ref _sent, 0);
        Interlocked.Exchange(ref _completed, 0);
        Interlocked.Exchange(ref _deadLettered, 0);
        Interlocked.Exchange(ref _retried, 0);
        Interlocked.Exchange(ref _indexed, 0);
        Interlocked.Exchange(ref _unchanged, 0);
    }

    /// <summary>Called by a user once SQS accepted its message.</summary>
    public void OnSent(string messageId, DateTimeOffset sentAt)
    {
        Interlocked.Increment(ref _sent);
        if (!_finishedFirst.TryRemove(messageId, out _))
        {
            _unfinished[messageId] = sentAt;
        }
    }

    /// <summary>Age of the oldest message sent and not finished; zero when none is waiting.</summary>
    public TimeSpan OldestAge()
    {
        var now = time.GetUtcNow();
        var oldest = TimeSpan.Zero;
        foreach (var sentAt in _unfinished.Values)
        {
            var age = now - sentAt;
            oldest = age > oldest ? age : oldest;
        }

        return oldest;
    }

    public void OnFileProcessed(ProcessingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        switch (result.Outcome)
        {
            case ProcessingOutcome.Indexed or ProcessingOutcome.PendingIndex:
                Interlocked.Increment(ref _indexed);
                break;
            case ProcessingOutcome.Unchanged or ProcessingOutcome.Stale or ProcessingOutcome.PermissionsUpdated:
                Interlocked.Increment(ref _unchanged);
                break;
        }
    }

    public void OnMessageFinished(QueueMessage message, MessageOutcome outcome, string? reason)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (outcome)
        {
            case MessageOutcome.Completed or MessageOutcome.Ignored:
                Interlocked.Increment(ref _completed);
                break;
            case MessageOutcome.DeadLettered:
                Interlocked.Increment(ref _deadLettered);
                break;
            case MessageOutcome.Retrying:
                Interlocked.Increment(ref _retried);
                return;
            default:
                return;
        }

        if (!_unfinished.TryRemove(message.MessageId, out _))
        {
            _finishedFirst.TryAdd(message.MessageId, 0);
        }
    }
}
