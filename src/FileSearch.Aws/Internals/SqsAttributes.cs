using System.Globalization;
using Amazon.SQS.Model;

namespace FileSearch.Aws.Internals;

/// <summary>Message attributes the SQS adapter keeps on a message so its identity and dead-letter reason survive moves.</summary>
internal static class SqsAttributes
{
    /// <summary>The logical message id: the first SQS message id, kept when a message is dead-lettered or redriven.</summary>
    public const string Id = "fs-id";
    public const string Reason = "fs-reason";
    public const string ReceiveCount = "fs-receive-count";
    public const string SentAt = "fs-sent-at";
    public const string DeadLetteredAt = "fs-dead-lettered-at";

    public static MessageAttributeValue Text(string value) => new() { DataType = "String", StringValue = value };

    public static MessageAttributeValue Time(DateTimeOffset value) => Text(value.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    public static string? Get(Message message, string name) =>
        message.MessageAttributes?.TryGetValue(name, out var value) == true ? value.StringValue : null;

    public static string LogicalId(Message message) => Get(message, Id) ?? message.MessageId;

    public static int SystemInt(Message message, string name, int fallback) =>
        message.Attributes?.TryGetValue(name, out var text) == true && int.TryParse(text, CultureInfo.InvariantCulture, out var value)
            ? value
            : fallback;

    public static DateTimeOffset? GetTime(Message message, string name)
    {
        var text = Get(message, name) ?? (message.Attributes?.TryGetValue(name, out var system) == true ? system : null);
        return long.TryParse(text, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <summary>The W3C trace context as message attributes (OpenTelemetry's propagation for SQS), or null when none.</summary>
    public static Dictionary<string, MessageAttributeValue>? TraceAttributes(Core.Messages.MessageTraceContext? trace)
    {
        if (trace is null)
        {
            return null;
        }

        var attributes = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal)
        {
            [Core.Messages.MessageTraceContext.TraceParentAttribute] = Text(trace.TraceParent),
        };
        if (trace.TraceState is { Length: > 0 } state)
        {
            attributes[Core.Messages.MessageTraceContext.TraceStateAttribute] = Text(state);
        }

        return attributes;
    }

    public static DateTimeOffset FirstSentAt(Message message) =>
        GetTime(message, SentAt) ?? GetTime(message, "SentTimestamp") ?? DateTimeOffset.UnixEpoch;
}
