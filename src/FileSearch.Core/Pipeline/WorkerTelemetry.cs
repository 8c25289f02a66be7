using System.Diagnostics;
using System.Globalization;
using FileSearch.Core.Ports;

namespace FileSearch.Core.Pipeline;

/// <summary>
/// Tracing for the worker. One activity per message following the OpenTelemetry messaging conventions
/// (https://opentelemetry.io/docs/specs/semconv/messaging/messaging-spans/).
/// </summary>
public static class WorkerTelemetry
{
    public const string SourceName = "FileSearch.Worker";

    private static readonly ActivitySource Source = new(SourceName);

    internal static Activity? StartProcess(QueueMessage message)
    {
        var activity = Source.StartActivity("process filesearch-events", ActivityKind.Consumer);
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.name", "filesearch-events");
        activity?.SetTag("messaging.message.id", message.MessageId);
        activity?.SetTag("messaging.message.delivery_attempt", message.ReceiveCount.ToString(CultureInfo.InvariantCulture));
        return activity;
    }
}
