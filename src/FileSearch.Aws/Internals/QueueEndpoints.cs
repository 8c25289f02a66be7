using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace FileSearch.Aws.Internals;

/// <summary>The work queue's URL, and its dead-letter queue and maximum receives as its redrive policy says.</summary>
internal sealed record QueueEndpoints(string QueueUrl, string? DeadLetterQueueUrl, int? MaxReceiveCount)
{
    /// <summary>
    /// Resolves the queue by name or URL and reads its RedrivePolicy attribute
    /// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html).
    /// </summary>
    public static async Task<QueueEndpoints> ResolveAsync(IAmazonSQS sqs, string queueNameOrUrl, CancellationToken cancellationToken)
    {
        var url = await ResolveUrlAsync(sqs, queueNameOrUrl, cancellationToken).ConfigureAwait(false);
        var attributes = await sqs.GetQueueAttributesAsync(
            new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["RedrivePolicy"] }, cancellationToken).ConfigureAwait(false);
        if (attributes.Attributes?.TryGetValue("RedrivePolicy", out var policy) != true || string.IsNullOrEmpty(policy))
        {
            return new QueueEndpoints(url, null, null);
        }

        using var json = JsonDocument.Parse(policy);
        var arn = json.RootElement.GetProperty("deadLetterTargetArn").GetString() ?? string.Empty;
        var max = json.RootElement.GetProperty("maxReceiveCount") is { ValueKind: JsonValueKind.String } s
            ? int.Parse(s.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            : json.RootElement.GetProperty("maxReceiveCount").GetInt32();
        var dlqUrl = await ResolveUrlAsync(sqs, arn[(arn.LastIndexOf(':') + 1)..], cancellationToken).ConfigureAwait(false);
        return new QueueEndpoints(url, dlqUrl, max);
    }

    public static async Task<string> ResolveUrlAsync(IAmazonSQS sqs, string queueNameOrUrl, CancellationToken cancellationToken)
    {
        if (queueNameOrUrl.StartsWith("http://", StringComparison.Ordinal) || queueNameOrUrl.StartsWith("https://", StringComparison.Ordinal))
        {
            return queueNameOrUrl;
        }

        var response = await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = queueNameOrUrl }, cancellationToken).ConfigureAwait(false);
        return response.QueueUrl;
    }
}
