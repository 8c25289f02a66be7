using FileSearch.Core.Ports;
using FileSearch.Core.Worker;

namespace FileSearch.Core.Resilience;

/// <summary>
/// <see cref="IMessageQueue"/> through the <c>Queue</c> pipeline. Receive, delete, visibility changes and reads are
/// retried; sends, dead-lettering and redrive are not idempotent (a lost answer would duplicate messages) and run once.
/// </summary>
public sealed class ResilientMessageQueue(IMessageQueue inner, ResiliencePipelines pipelines) : IMessageQueue
{
    private const string D = ResilienceDependencies.Queue;

    /// <summary>The decorated adapter.</summary>
    public IMessageQueue Inner => inner;

    public async Task<string> SendAsync(string body, CancellationToken cancellationToken)
    {
        using var activity = Worker.WorkerTelemetry.StartSend(1);
        return await pipelines.ExecuteAsync(D, ct => inner.SendAsync(body, ct), cancellationToken, retry: false).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> SendBatchAsync(IReadOnlyList<string> bodies, CancellationToken cancellationToken)
    {
        using var activity = Worker.WorkerTelemetry.StartSend(bodies?.Count ?? 0);
        return await pipelines.ExecuteAsync(D, ct => inner.SendBatchAsync(bodies!, ct), cancellationToken, retry: false).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int maxMessages, TimeSpan waitTime, TimeSpan visibilityTimeout, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.ReceiveAsync(maxMessages, waitTime, visibilityTimeout, ct), cancellationToken, extraTime: waitTime);

    public Task DeleteAsync(string receiptHandle, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.DeleteAsync(receiptHandle, ct), cancellationToken);

    public Task ChangeVisibilityAsync(string receiptHandle, TimeSpan visibilityTimeout, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.ChangeVisibilityAsync(receiptHandle, visibilityTimeout, ct), cancellationToken);

    public Task DeadLetterAsync(QueueMessage message, string reason, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.DeadLetterAsync(message, reason, ct), cancellationToken, retry: false);

    public Task<QueueCounts> GetCountsAsync(CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, inner.GetCountsAsync, cancellationToken);

    public Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int limit, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.ListDeadLettersAsync(limit, ct), cancellationToken);

    public Task<int> RedriveAsync(string? messageId, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.RedriveAsync(messageId, ct), cancellationToken, retry: false);
}
