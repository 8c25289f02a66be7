using System.Diagnostics;
using System.Globalization;
using FileSearch.Core.Ports;

namespace FileSearch.Core.Worker;

/// <summary>
/// Tracing for the worker. One activity per message following the OpenTelemetry messaging conventions
/// (https://opentelemetry.io/docs/specs/semconv/messaging/messaging-spans/).
/// </summary>
public static class WorkerTelemetry
{
    public const string SourceName = "FileSearch.Worker";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// The producer activity around a send: the queue adapter stores its context in the messages, so their processing
    /// continues this trace.
    /// </summary>
    public static Activity? StartSend(int messages)
    {
        var activity = Source.StartActivity("send filesearch-events", ActivityKind.Producer);
        activity?.SetTag("messaging.operation.type", "send");
        activity?.SetTag("messaging.destination.name", "filesearch-events");
        activity?.SetTag("messaging.batch.message_count", messages);
        return activity;
    }

    /// <summary>A child activity per pipeline stage of a message (download, extract, index, ...).</summary>
    internal static Activity? StartStage(string stage) => Source.StartActivity(stage, ActivityKind.Internal);

    internal static Activity? StartProcess(QueueMessage message)
    {
        // The sender's context is the parent, so one trace spans enqueue -> worker -> index.
        var parent = message.Trace?.ToActivityContext() ?? default;
        var activity = Source.StartActivity("process filesearch-events", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.name", "filesearch-events");
        activity?.SetTag("messaging.message.id", message.MessageId);
        activity?.SetTag("messaging.message.delivery_attempt", message.ReceiveCount.ToString(CultureInfo.InvariantCulture));
        return activity;
    }
}
