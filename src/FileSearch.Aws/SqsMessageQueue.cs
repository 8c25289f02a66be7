using Amazon.SQS;
using Amazon.SQS.Model;
using FileSearch.Aws.Internals;
using FileSearch.Core.Errors;
using FileSearch.Core.Messages;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Aws;

/// <summary>
/// <see cref="IMessageQueue"/> on Amazon SQS: long polling (at most 20 s), batches of up to 10, visibility changes capped
/// at SQS's 12 hours. The dead-letter queue and maximum receives come from the queue's redrive policy; a message seen
/// more often than that (no policy, or a policy SQS has not applied yet) is dead-lettered by the adapter itself, so a
/// poison message never loops forever. See https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/.
/// </summary>
public sealed partial class SqsMessageQueue : IMessageQueue, IDisposable
{
    /// <summary>SQS caps a message's total invisibility at 12 hours from its receive.</summary>
    public static readonly TimeSpan MaxVisibility = TimeSpan.FromHours(12);

    /// <summary>SQS's longest long poll.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(20);

    private static readonly AwsErrorClassifier Classifier = new();

    private readonly IAmazonSQS _sqs;
    private readonly string _queue;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _resolveLock = new(1, 1);
    private QueueEndpoints? _endpoints;

    public SqsMessageQueue(IAmazonSQS sqs, IOptions<AwsOptions> options, TimeProvider time, ILogger<SqsMessageQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _sqs = sqs;
        _queue = options.Value.QueueName;
        _time = time;
        _logger = logger;
    }

    /// <summary>Queue URL, dead-letter queue URL and maximum receives from the redrive policy (read once, then cached).</summary>
    public async Task<(string QueueUrl, string? DeadLetterQueueUrl, int? MaxReceiveCount)> GetRedrivePolicyAsync(CancellationToken cancellationToken)
    {
        var e = await EndpointsAsync(cancellationToken).ConfigureAwait(false);
        return (e.QueueUrl, e.DeadLetterQueueUrl, e.MaxReceiveCount);
    }

    public async Task<string> SendAsync(string body, CancellationToken cancellationToken) =>
        (await SendBatchAsync([body], cancellationToken).ConfigureAwait(false))[0];

    public async Task<IReadOnlyList<string>> SendBatchAsync(IReadOnlyList<string> bodies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bodies);
        var e = await EndpointsAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<string>(bodies.Count);
        var trace = SqsAttributes.TraceAttributes(MessageTraceContext.Current());
        foreach (var chunk in bodies.Chunk(10))
        {
            var entries = chunk.Select((body, i) => new SendMessageBatchRequestEntry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), body)
            {
                MessageAttributes = trace is null ? null : new Dictionary<string, MessageAttributeValue>(trace),
            }).ToList();
            var response = await _sqs.SendMessageBatchAsync(new SendMessageBatchRequest(e.QueueUrl, entries), cancellationToken).ConfigureAwait(false);
            if (response.Failed is { Count: > 0 } failed)
            {
                throw new AmazonSQSException($"SQS refused {failed.Count} of {chunk.Length} messages: {failed[0].Code} {failed[0].Message}");
            }

            ids.AddRange(response.Successful.OrderBy(s => int.Parse(s.Id, System.Globalization.CultureInfo.InvariantCulture)).Select(s => s.MessageId));
        }

        return ids;
    }

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int maxMessages, TimeSpan waitTime, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 10);
        var e = await EndpointsAsync(cancellationToken).ConfigureAwait(false);
        var messages = await ReceiveRawAsync(e.QueueUrl, maxMessages, waitTime, visibilityTimeout, cancellationToken).ConfigureAwait(false);
        var result = new List<QueueMessage>(messages.Count);
        foreach (var m in messages)
        {
            var message = ToQueueMessage(m);
            if (e.MaxReceiveCount is { } max && message.ReceiveCount > max && e.DeadLetterQueueUrl is not null)
            {
                Log.ClientSideDeadLetter(_logger, message.MessageId, message.ReceiveCount, max);
                await MoveToDeadLetterAsync(e, message, MaxReceivesReason(max), max, cancellationToken).ConfigureAwait(false);
                continue;
            }

            result.Add(message);
        }

        return result;
    }

    public async Task DeleteAsync(string receiptHandle, CancellationToken cancellationToken)
    {
        var e = await EndpointsAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _sqs.DeleteMessageAsync(e.QueueUrl, receiptHandle, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonSQSException ex) when (IsStaleReceipt(ex))
        {
            Log.StaleReceipt(_logger, ex.Message);
        }
    }

    /// <summary>Deletes several received messages in batches of 10; stale handles are ignored.</summary>
    public async Task DeleteBatchAsync(IReadOnlyList<string> receiptHandles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receiptHandles);
        var e = await EndpointsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in receiptHandles.Chunk(10))
        {
            var entries = chunk.Select((h, i) => new DeleteMessageBatchRequestEntry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), h)).ToList();
            await _sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest(e.QueueUrl, entries), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ChangeVisibilityAsync(string receiptHandle, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        var e = await EndpointsAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _sqs.ChangeMessageVisibilityAsync(e.QueueUrl, receiptHandle, VisibilitySeconds(visibilityTimeout), cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonSQSException ex) when (IsStaleReceipt(ex))
        {
            Log.StaleReceipt(_logger, ex.Message);
        }
    }

    public async Task<QueueCounts> GetCountsAsync(CancellationToken cancellationToken)
    {
        var e = await EndpointsAsync(cancellationToken).ConfigureAwait(false);
        var (visible, inFlight) = await CountAsync(e.QueueUrl, cancellationToken).ConfigureAwait(false);
        var dead = e.DeadLetterQueueUrl is null ? (0, 0) : await CountAsync(e.DeadLetterQueueUrl, cancellationToken).ConfigureAwait(false);
        return new QueueCounts(visible, inFlight, dead.Item1 + dead.Item2);
    }

    public void Dispose() => _resolveLock.Dispose();

    internal static int VisibilitySeconds(TimeSpan visibility) =>
        (int)Math.Ceiling(Math.Clamp(visibility.TotalSeconds, 0, MaxVisibility.TotalSeconds));

    private async Task<List<Message>> ReceiveRawAsync(string queueUrl, int maxMessages, TimeSpan waitTime, TimeSpan visibility, CancellationToken cancellationToken)
    {
        var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = maxMessages,
            WaitTimeSeconds = (int)Math.Clamp(waitTime.TotalSeconds, 0, MaxWait.TotalSeconds),
            VisibilityTimeout = VisibilitySeconds(visibility),
            MessageSystemAttributeNames = ["ApproximateReceiveCount", "SentTimestamp"],
            MessageAttributeNames = ["All"],
        }, cancellationToken).ConfigureAwait(false);
        return response.Messages ?? [];
    }

    private static QueueMessage ToQueueMessage(Message m) => new(
        SqsAttributes.LogicalId(m),
        m.ReceiptHandle,
        m.Body,
        SqsAttributes.SystemInt(m, "ApproximateReceiveCount", 1),
        SqsAttributes.FirstSentAt(m))
    {
        Trace = MessageTraceContext.From(SqsAttributes.Get(m, MessageTraceContext.TraceParentAttribute), SqsAttributes.Get(m, MessageTraceContext.TraceStateAttribute)),
    };

    private async Task<(long Visible, long InFlight)> CountAsync(string queueUrl, CancellationToken cancellationToken)
    {
        var response = await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queueUrl,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        }, cancellationToken).ConfigureAwait(false);
        return (response.ApproximateNumberOfMessages, response.ApproximateNumberOfMessagesNotVisible);
    }

    private static bool IsStaleReceipt(AmazonSQSException ex) => Classifier.Classify(ex).Code == FailureCodes.StaleReceipt;

    private async Task<QueueEndpoints> EndpointsAsync(CancellationToken cancellationToken)
    {
        if (_endpoints is { } known)
        {
            return known;
        }

        await _resolveLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_endpoints is null)
            {
                var e = await QueueEndpoints.ResolveAsync(_sqs, _queue, cancellationToken).ConfigureAwait(false);
                if (e.DeadLetterQueueUrl is null)
                {
                    Log.NoRedrivePolicy(_logger, e.QueueUrl);
                }
                else
                {
                    Log.RedrivePolicy(_logger, e.QueueUrl, e.DeadLetterQueueUrl, e.MaxReceiveCount);
                }

                _endpoints = e;
            }

            return _endpoints;
        }
        finally
        {
            _resolveLock.Release();
        }
    }
}
