using System.Globalization;
using Amazon.SQS.Model;
using FileSearch.Aws.Internals;
using FileSearch.Core.Ports;

namespace FileSearch.Aws;

/// <summary>
/// Dead letters. SQS has no "list" or "move by id", so both read a snapshot of the dead-letter queue by receiving
/// from it (hidden for a short while) and release what they do not move. A message keeps its logical id through
/// moves in the <c>fs-id</c> attribute; a message SQS moved itself (redrive policy) carries no reason, so the reason
/// is the policy's maximum receives.
/// <para>
/// A move is a send to the dead-letter queue, then a delete from the queue. SQS has no conditional send, so a move
/// can leave two copies of one message (one logical id) in the dead-letter queue: the send was applied but its reply
/// was lost, or the delete failed, and the message came back and was moved again. Both readers see the copies as
/// one dead letter, the first moved, and delete the others (<see cref="SplitCopies"/>).
/// </para>
/// </summary>
public sealed partial class SqsMessageQueue
{
    private static readonly TimeSpan SnapshotVisibility = TimeSpan.FromSeconds(30);

    public async Task DeadLetterAsync(QueueMessage message, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var e = await EndpointsAsync(cancellationToken).ConfigureAwait(false);
        await MoveToDeadLetterAsync(e, message, reason, message.ReceiveCount, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int limit, CancellationToken cancellationToken)
    {
        var e = await EndpointsAsync(cancellationToken).ConfigureAwait(false);
        if (e.DeadLetterQueueUrl is null || limit <= 0)
        {
            return [];
        }

        var snapshot = await SnapshotAsync(e.DeadLetterQueueUrl, limit, cancellationToken).ConfigureAwait(false);
        var (letters, copies) = SplitCopies(snapshot);
        await ReleaseAsync(e.DeadLetterQueueUrl, letters, cancellationToken).ConfigureAwait(false);
        await DeleteCopiesAsync(e.DeadLetterQueueUrl, copies, cancellationToken).ConfigureAwait(false);
        return letters.Select(m => ToDeadLetter(m, e.MaxReceiveCount)).OrderBy(d => d.DeadLetteredAt).ThenBy(d => d.SentAt).ToList();
    }

    public async Task<int> RedriveAsync(string? messageId, CancellationToken cancellationToken)
    {
        var e = await EndpointsAsync(cancellationToken).ConfigureAwait(false);
        if (e.DeadLetterQueueUrl is null)
        {
            return 0;
        }

        var (snapshot, copies) = SplitCopies(await SnapshotAsync(e.DeadLetterQueueUrl, int.MaxValue, cancellationToken).ConfigureAwait(false));
        var moving = snapshot.Where(m => messageId is null || SqsAttributes.LogicalId(m) == messageId).ToList();
        await ReleaseAsync(e.DeadLetterQueueUrl, snapshot.Except(moving).ToList(), cancellationToken).ConfigureAwait(false);
        await DeleteCopiesAsync(e.DeadLetterQueueUrl, copies, cancellationToken).ConfigureAwait(false);
        foreach (var m in moving)
        {
            var request = new SendMessageRequest(e.QueueUrl, m.Body)
            {
                MessageAttributes = new()
                {
                    [SqsAttributes.Id] = SqsAttributes.Text(SqsAttributes.LogicalId(m)),
                    [SqsAttributes.SentAt] = SqsAttributes.Time(SqsAttributes.FirstSentAt(m)),
                },
            };
            await _sqs.SendMessageAsync(request, cancellationToken).ConfigureAwait(false);
            await _sqs.DeleteMessageAsync(e.DeadLetterQueueUrl, m.ReceiptHandle, cancellationToken).ConfigureAwait(false);
        }

        return moving.Count;
    }

    internal static string MaxReceivesReason(int max) =>
        string.Create(CultureInfo.InvariantCulture, $"max-receives: exceeded the maximum receives ({max}) of the redrive policy");

    private async Task MoveToDeadLetterAsync(QueueEndpoints e, QueueMessage message, string reason, int receiveCount, CancellationToken cancellationToken)
    {
        if (e.DeadLetterQueueUrl is null)
        {
            throw new InvalidOperationException(
                $"Queue {e.QueueUrl} has no dead-letter queue (no redrive policy); run `filesearch setup aws` or add a redrive policy");
        }

        var request = new SendMessageRequest(e.DeadLetterQueueUrl, message.Body)
        {
            MessageAttributes = new()
            {
                [SqsAttributes.Id] = SqsAttributes.Text(message.MessageId),
                [SqsAttributes.Reason] = SqsAttributes.Text(Truncate(reason, 4096)),
                [SqsAttributes.ReceiveCount] = SqsAttributes.Text(receiveCount.ToString(CultureInfo.InvariantCulture)),
                [SqsAttributes.SentAt] = SqsAttributes.Time(message.SentAt),
                [SqsAttributes.DeadLetteredAt] = SqsAttributes.Time(_time.GetUtcNow()),
            },
        };
        await _sqs.SendMessageAsync(request, cancellationToken).ConfigureAwait(false);
        await DeleteAsync(message.ReceiptHandle, cancellationToken).ConfigureAwait(false);
    }

    private DeadLetter ToDeadLetter(Message m, int? maxReceiveCount)
    {
        var reason = SqsAttributes.Get(m, SqsAttributes.Reason) ?? MaxReceivesReason(maxReceiveCount ?? 0);
        var count = int.TryParse(SqsAttributes.Get(m, SqsAttributes.ReceiveCount), CultureInfo.InvariantCulture, out var c)
            ? c
            : maxReceiveCount ?? SqsAttributes.SystemInt(m, "ApproximateReceiveCount", 1);
        var sentAt = SqsAttributes.FirstSentAt(m);
        return new DeadLetter(SqsAttributes.LogicalId(m), m.Body, reason, count, sentAt, SqsAttributes.GetTime(m, SqsAttributes.DeadLetteredAt) ?? sentAt);
    }

    /// <summary>Receives up to <paramref name="limit"/> distinct messages; stops after two empty receives in a row (bounded).</summary>
    private async Task<List<Message>> SnapshotAsync(string queueUrl, int limit, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, Message>(StringComparer.Ordinal);
        var empties = 0;
        for (var attempt = 0; attempt < 10_000 && seen.Count < limit && empties < 2; attempt++)
        {
            var batch = await ReceiveRawAsync(queueUrl, Math.Min(10, limit - seen.Count), TimeSpan.Zero, SnapshotVisibility, cancellationToken).ConfigureAwait(false);
            empties = batch.Count == 0 ? empties + 1 : 0;
            foreach (var m in batch)
            {
                seen.TryAdd(m.MessageId, m);
            }
        }

        return [.. seen.Values];
    }

    private async Task ReleaseAsync(string queueUrl, IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        foreach (var chunk in messages.Chunk(10))
        {
            var entries = chunk.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle) { VisibilityTimeout = 0 }).ToList();
            await _sqs.ChangeMessageVisibilityBatchAsync(new ChangeMessageVisibilityBatchRequest(queueUrl, entries), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Splits a snapshot of the dead-letter queue into one message per logical id (the first moved) and the copies a
    /// repeated move left (see the class remarks).
    /// </summary>
    internal static (List<Message> Letters, List<Message> Copies) SplitCopies(IReadOnlyList<Message> snapshot)
    {
        var letters = new List<Message>();
        var copies = new List<Message>();
        foreach (var group in snapshot.GroupBy(SqsAttributes.LogicalId, StringComparer.Ordinal))
        {
            var first = group.OrderBy(m => SqsAttributes.GetTime(m, SqsAttributes.DeadLetteredAt) ?? SqsAttributes.GetTime(m, "SentTimestamp") ?? DateTimeOffset.MaxValue)
                .ThenBy(m => m.MessageId, StringComparer.Ordinal).First();
            letters.Add(first);
            copies.AddRange(group.Where(m => !ReferenceEquals(m, first)));
        }

        return (letters, copies);
    }

    private async Task DeleteCopiesAsync(string queueUrl, IReadOnlyList<Message> copies, CancellationToken cancellationToken)
    {
        foreach (var chunk in copies.Chunk(10))
        {
            var entries = chunk.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle)).ToList();
            await _sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest(queueUrl, entries), cancellationToken).ConfigureAwait(false);
        }

        foreach (var copy in copies)
        {
            Log.DeadLetterCopyRemoved(_logger, SqsAttributes.LogicalId(copy), copy.MessageId);
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
