using FileSearch.Core.Security;

namespace FileSearch.Core.Ports;

/// <summary>
/// Durable storage of audit records, beside the structured log every record also goes to (category
/// <c>FileSearch.Audit</c>). A sink that cannot write throws: the audited read or action then fails (fail closed).
/// </summary>
public interface IAuditSink
{
    /// <summary>Stores one record durably before returning.</summary>
    Task WriteAsync(AuditEvent record, CancellationToken cancellationToken);
}
