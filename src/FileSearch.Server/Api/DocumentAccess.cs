using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;

namespace FileSearch.Server.Api;

/// <summary>
/// The one way the read endpoints find a document: only an indexed document the caller may see is returned; anything
/// else (malformed id, unknown, deleted, failed, not visible) is "not found", the same answer. A member or attachment
/// inherits its file's permissions: it is found only while its file is itself indexed or waiting for the index and
/// readable by the caller, whatever its own record says. Reads of text, originals and thumbnails, and every read by an
/// admin, are audited with the decision.
/// </summary>
public sealed class DocumentAccess(IMetadataStore metadata, AuditLog audit)
{
    public async Task<DocumentRecord?> FindAsync(string id, Caller caller, AuditAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (string.IsNullOrEmpty(id) || id.Length > 200 || !DocumentId.TryParse(id, out var documentId))
        {
            await audit.DocumentReadAsync(caller, action, Printable(id), null, cancellationToken).ConfigureAwait(false);
            return null;
        }

        var record = await metadata.GetAsync(documentId, cancellationToken).ConfigureAwait(false);
        var decision = record is { Status: DocumentStatus.Indexed } ? Decide(caller, record) : null;
        if (decision is { Allowed: true } && record!.ParentId is { } parentId)
        {
            var parent = await metadata.GetAsync(parentId, cancellationToken).ConfigureAwait(false);
            decision = parent is { Status: DocumentStatus.Indexed or DocumentStatus.PendingIndex }
                ? Decide(caller, parent) is var inherited ? inherited with { Reason = "inherited from its file: " + inherited.Reason } : null
                : null;
        }

        await audit.DocumentReadAsync(caller, action, documentId.Value, decision, cancellationToken).ConfigureAwait(false);
        return decision is { Allowed: true } ? record : null;
    }

    /// <summary>
    /// Admins read everything; anyone else needs an allow entry for one of their principals and no deny entry (deny wins),
    /// and a document without permission information is for admins only (fail closed).
    /// </summary>
    public static bool MayRead(Caller caller, DocumentRecord record) => Decide(caller, record).Allowed;

    private static AccessDecision Decide(Caller caller, DocumentRecord record)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(record);
        return AccessDecision.For(record.Permissions, caller.Principals(), caller.IsAdmin);
    }

    /// <summary>An id from the request as it may appear in an audit record: bounded, without control characters.</summary>
    private static string Printable(string? id) =>
        id is null ? string.Empty : new string([.. id.Take(200).Select(c => char.IsControl(c) ? '?' : c)]);
}
