using FileSearch.Core.Messages;
using FileSearch.Core.Ports;

namespace FileSearch.Testing.Fakes;

/// <summary>A queue decorator that passes every call to <paramref name="inner"/>; tests override the calls they watch or change.</summary>
public abstract class DelegatingMessageQueue(IMessageQueue inner) : IMessageQueue
{
    /// <summary>The decorated queue.</summary>
    protected IMessageQueue Inner { get; } = inner;

    public virtual Task<string> SendAsync(string body, CancellationToken cancellationToken) => Inner.SendAsync(body, cancellationToken);

    public virtual Task<IReadOnlyList<string>> SendBatchAsync(IReadOnlyList<string> bodies, CancellationToken cancellationToken) =>
        Inner.SendBatchAsync(bodies, cancellationToken);

    public virtual Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int maxMessages, TimeSpan waitTime, TimeSpan visibilityTimeout, CancellationToken cancellationToken) =>
        Inner.ReceiveAsync(maxMessages, waitTime, visibilityTimeout, cancellationToken);

    public virtual Task DeleteAsync(string receiptHandle, CancellationToken cancellationToken) => Inner.DeleteAsync(receiptHandle, cancellationToken);

    public virtual Task ChangeVisibilityAsync(string receiptHandle, TimeSpan visibilityTimeout, CancellationToken cancellationToken) =>
        Inner.ChangeVisibilityAsync(receiptHandle, visibilityTimeout, cancellationToken);

    public virtual Task DeadLetterAsync(QueueMessage message, string reason, CancellationToken cancellationToken) =>
        Inner.DeadLetterAsync(message, reason, cancellationToken);

    public virtual Task<QueueCounts> GetCountsAsync(CancellationToken cancellationToken) => Inner.GetCountsAsync(cancellationToken);

    public virtual Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int limit, CancellationToken cancellationToken) =>
        Inner.ListDeadLettersAsync(limit, cancellationToken);

    public virtual Task<int> RedriveAsync(string? messageId, CancellationToken cancellationToken) => Inner.RedriveAsync(messageId, cancellationToken);
}
