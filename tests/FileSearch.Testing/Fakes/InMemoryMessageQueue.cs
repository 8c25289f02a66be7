using FileSearch.Core.Messages;
using FileSearch.Core.Ports;

namespace FileSearch.Testing.Fakes;

/// <summary>An in-memory queue with SQS semantics driven by a TimeProvider (for unit tests of the worker).</summary>
public sealed class InMemoryMessageQueue(TimeProvider timeProvider, int maxReceiveCount = 5) : IMessageQueue
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _messages = [];
    private readonly List<DeadLetter> _dead = [];
    private long _sequence;

    public IReadOnlyList<DeadLetter> DeadLetters
    {
        get
        {
            lock (_gate)
            {
                return [.. _dead];
            }
        }
    }

    public Task<string> SendAsync(string body, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var id = $"m{++_sequence:D6}";
            _messages.Add(new Entry(id, body, timeProvider.GetUtcNow()) { Trace = MessageTraceContext.Current() });
            return Task.FromResult(id);
        }
    }

    public async Task<IReadOnlyList<string>> SendBatchAsync(IReadOnlyList<string> bodies, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        foreach (var body in bodies)
        {
            ids.Add(await SendAsync(body, cancellationToken));
        }

        return ids;
    }

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int maxMessages, TimeSpan waitTime, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 10);
        var result = TryReceive(maxMessages, visibilityTimeout);
        if (result.Count == 0 && waitTime > TimeSpan.Zero)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(20, waitTime.TotalMilliseconds)), cancellationToken);
            result = TryReceive(maxMessages, visibilityTimeout);
        }

        return result;
    }

    public Task DeleteAsync(string receiptHandle, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _messages.RemoveAll(m => m.Handle == receiptHandle);
        }

        return Task.CompletedTask;
    }

    public Task ChangeVisibilityAsync(string receiptHandle, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var entry = _messages.Find(m => m.Handle == receiptHandle);
            if (entry is not null)
            {
                entry.VisibleAt = timeProvider.GetUtcNow() + visibilityTimeout;
            }
        }

        return Task.CompletedTask;
    }

    public Task DeadLetterAsync(QueueMessage message, string reason, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var removed = _messages.RemoveAll(m => m.Handle == message.ReceiptHandle);
            if (removed > 0)
            {
                _dead.Add(new DeadLetter(message.MessageId, message.Body, reason, message.ReceiveCount, message.SentAt, timeProvider.GetUtcNow()));
            }
        }

        return Task.CompletedTask;
    }

    public Task<QueueCounts> GetCountsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            var visible = _messages.Where(m => m.VisibleAt <= now).ToList();
            return Task.FromResult(new QueueCounts(visible.Count, _messages.Count - visible.Count, _dead.Count,
                visible.Count > 0 ? visible.Min(m => m.SentAt) : null));
        }
    }

    public Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<DeadLetter>>([.. _dead.Take(limit)]);
        }
    }

    public Task<int> RedriveAsync(string? messageId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var moving = _dead.Where(d => messageId is null || d.MessageId == messageId).ToList();
            foreach (var d in moving)
            {
                _dead.Remove(d);
                _messages.Add(new Entry(d.MessageId, d.Body, d.SentAt));
            }

            return Task.FromResult(moving.Count);
        }
    }

    private List<QueueMessage> TryReceive(int maxMessages, TimeSpan visibilityTimeout)
    {
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            var result = new List<QueueMessage>();
            foreach (var entry in _messages.Where(m => m.VisibleAt <= now).ToList())
            {
                if (result.Count == maxMessages)
                {
                    break;
                }

                if (entry.ReceiveCount >= maxReceiveCount)
                {
                    _messages.Remove(entry);
                    _dead.Add(new DeadLetter(entry.Id, entry.Body, $"exceeded maximum receives ({maxReceiveCount})", entry.ReceiveCount, entry.SentAt, now));
                    continue;
                }

                entry.ReceiveCount++;
                entry.Handle = Guid.NewGuid().ToString("N");
                entry.VisibleAt = now + visibilityTimeout;
                result.Add(new QueueMessage(entry.Id, entry.Handle, entry.Body, entry.ReceiveCount, entry.SentAt) { Trace = entry.Trace });
            }

            return result;
        }
    }

    private sealed class Entry(string id, string body, DateTimeOffset sentAt)
    {
        public string Id { get; } = id;

        public string Body { get; } = body;

        public DateTimeOffset SentAt { get; } = sentAt;

        public DateTimeOffset VisibleAt { get; set; } = sentAt;

        public int ReceiveCount { get; set; }

        public string? Handle { get; set; }

        public MessageTraceContext? Trace { get; init; }
    }
}
