using System.Diagnostics;

namespace FileSearch.Core.Messages;

/// <summary>
/// The W3C trace context (https://www.w3.org/TR/trace-context/) a message carries from the process that sent it to the
/// worker that processes it, so one trace spans enqueue → worker → index. Queue adapters store it beside the body
/// (SQS: message attributes <c>traceparent</c>/<c>tracestate</c>; SQLite: columns) and hand it back on receive.
/// </summary>
/// <param name="TraceParent">The <c>traceparent</c> header value: version-traceid-spanid-flags.</param>
/// <param name="TraceState">The <c>tracestate</c> header value, or null.</param>
public sealed record MessageTraceContext(string TraceParent, string? TraceState)
{
    /// <summary>Message attribute name of <see cref="TraceParent"/>.</summary>
    public const string TraceParentAttribute = "traceparent";

    /// <summary>Message attribute name of <see cref="TraceState"/>.</summary>
    public const string TraceStateAttribute = "tracestate";

    /// <summary>The context of <see cref="Activity.Current"/> when it is a W3C activity, else null (nothing is traced).</summary>
    public static MessageTraceContext? Current() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } id } activity ? new(id, activity.TraceStateString) : null;

    /// <summary>A context read back from storage: null when the traceparent is missing or malformed.</summary>
    public static MessageTraceContext? From(string? traceParent, string? traceState) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out _)
            ? new MessageTraceContext(traceParent, string.IsNullOrEmpty(traceState) ? null : traceState)
            : null;

    /// <summary>The remote parent a consumer's activity continues.</summary>
    public ActivityContext ToActivityContext() =>
        ActivityContext.TryParse(TraceParent, TraceState, isRemote: true, out var context) ? context : default;
}
