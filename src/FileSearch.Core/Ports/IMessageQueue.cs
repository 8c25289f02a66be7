namespace FileSearch.Core.Ports;

/// <summary>A message received from the queue. Hidden from other consumers until its visibility expires.</summary>
/// <param name="MessageId">Stable id of the message (same across receives).</param>
/// <param name="ReceiptHandle">Handle of this receive; needed to delete or change visibility.</param>
/// <param name="Body">Message body as sent.</param>
/// <param name="ReceiveCount">How many times the message has been received, this receive included (SQS ApproximateReceiveCount).</param>
/// <param name="SentAt">When the message was first sent.</param>
public sealed record QueueMessage(string MessageId, string ReceiptHandle, string Body, int ReceiveCount, DateTimeOffset SentAt)
{
    /// <summary>The trace context of the sender (<see cref="Messages.MessageTraceContext.Current"/> at send time), or null.</summary>
    public Messages.MessageTraceContext? Trace { get; init; }
}

/// <summary>Approximate counts, as SQS reports them.</summary>
public sealed record QueueCounts(long Visible, long InFlight, long DeadLettered, DateTimeOffset? OldestVisibleSentAt = null);

/// <summary>A message that was moved to the dead-letter queue, with the reason.</summary>
public sealed record DeadLetter(string MessageId, string Body, string Reason, int ReceiveCount, DateTimeOffset SentAt, DateTimeOffset DeadLetteredAt);

/// <summary>
/// The work queue, with SQS semantics: at-least-once delivery, visibility timeout, receive count,
/// redrive to a dead-letter queue after a maximum number of receives.
/// Implementations: embedded SQLite queue (default), Amazon SQS.
/// </summary>
public interface IMessageQueue
{
    /// <summary>
    /// Sends one message with the trace context of the current activity (<see cref="Messages.MessageTraceContext.Current"/>),
    /// returned with it by <see cref="ReceiveAsync"/>.
    /// </summary>
    Task<string> SendAsync(string body, CancellationToken cancellationToken);

    /// <summary>Sends several messages (with the current trace context, as <see cref="SendAsync"/>); returns their ids in order.</summary>
    Task<IReadOnlyList<string>> SendBatchAsync(IReadOnlyList<string> bodies, CancellationToken cancellationToken);

    /// <summary>
    /// Receives up to <paramref name="maxMessages"/> (1-10) visible messages, waiting up to <paramref name="waitTime"/>
    /// for at least one (long polling). Received messages become invisible for <paramref name="visibilityTimeout"/>.
    /// Messages already received the maximum number of times are moved to the dead-letter queue instead.
    /// </summary>
    Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int maxMessages, TimeSpan waitTime, TimeSpan visibilityTimeout, CancellationToken cancellationToken);

    /// <summary>Acknowledges a processed message. Deleting with a stale handle is a no-op.</summary>
    Task DeleteAsync(string receiptHandle, CancellationToken cancellationToken);

    /// <summary>Sets the remaining invisibility of a received message (0 releases it now).</summary>
    Task ChangeVisibilityAsync(string receiptHandle, TimeSpan visibilityTimeout, CancellationToken cancellationToken);

    /// <summary>Moves a received message to the dead-letter queue with a reason, removing it from the queue.</summary>
    Task DeadLetterAsync(QueueMessage message, string reason, CancellationToken cancellationToken);

    Task<QueueCounts> GetCountsAsync(CancellationToken cancellationToken);

    /// <summary>Lists dead-lettered messages, oldest first.</summary>
    Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Moves dead-lettered messages back to the queue (one by id, or all when <paramref name="messageId"/> is null). Returns how many.</summary>
    Task<int> RedriveAsync(string? messageId, CancellationToken cancellationToken);
}
