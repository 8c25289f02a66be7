using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Logging;

namespace FileSearch.Core.Security;

/// <summary>
/// Records who read which document and who ran which admin action: every record goes to the structured log
/// (category <c>FileSearch.Audit</c>, event 8501) and to each registered <see cref="IAuditSink"/>. Reads of a document's
/// text, original and thumbnail are recorded for everyone, allowed or not; every read by an admin (who sees every
/// document) is recorded too. When a sink cannot write, the read fails: nothing is served unaudited.
/// </summary>
public sealed partial class AuditLog(ILoggerFactory loggers, IEnumerable<IAuditSink> sinks, TimeProvider time)
{
    /// <summary>The log category of audit records, for routing them with a <c>Logging</c> configuration section.</summary>
    public const string Category = "FileSearch.Audit";

    private readonly ILogger logger = loggers.CreateLogger(Category);
    private readonly IAuditSink[] sinks = [.. sinks];

    /// <summary>Whether a read of this kind by this caller is recorded.</summary>
    public static bool Audits(Caller caller, AuditAction action)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsAdmin || action is AuditAction.Text or AuditAction.Original or AuditAction.Thumbnail;
    }

    /// <summary>
    /// Records a document read when <see cref="Audits"/> says so: allowed or denied by <paramref name="decision"/>, or not
    /// found when there is no such indexed document.
    /// </summary>
    public Task DocumentReadAsync(Caller caller, AuditAction action, string documentId, AccessDecision? decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!Audits(caller, action))
        {
            return Task.CompletedTask;
        }

        var outcome = decision is null ? AuditOutcome.NotFound : decision.Allowed ? AuditOutcome.Allowed : AuditOutcome.Denied;
        return RecordAsync(caller, action, documentId, outcome, decision?.Reason ?? "no such indexed document", cancellationToken);
    }

    /// <summary>Records one event.</summary>
    public async Task RecordAsync(Caller caller, AuditAction action, string target, AuditOutcome outcome, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(reason);
        var record = new AuditEvent(time.GetUtcNow(), caller.User, caller.Authentication, caller.IsAdmin, action, target, outcome, reason);
        LogRecord(logger, record.User, record.Authentication, record.Admin, record.Action, record.Target, record.Outcome, record.Reason);
        foreach (var sink in sinks)
        {
            try
            {
                await sink.WriteAsync(record, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogSinkFailed(logger, sink.GetType().Name, ex);
                throw ProcessingException.Retryable("audit-unavailable", "The audit record could not be stored.", ex);
            }
        }
    }

    [LoggerMessage(EventId = 8501, Level = LogLevel.Information,
        Message = "audit: {User} ({Authentication}, admin {Admin}) {Action} {Target}: {Outcome}, {Reason}")]
    private static partial void LogRecord(ILogger logger, string user, string authentication, bool admin, AuditAction action, string target, AuditOutcome outcome, string reason);

    [LoggerMessage(EventId = 8502, Level = LogLevel.Error, Message = "audit: {Sink} could not store a record; the audited request fails")]
    private static partial void LogSinkFailed(ILogger logger, string sink, Exception exception);
}
