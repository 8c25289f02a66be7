using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;

namespace FileSearch.Server.Api;

/// <summary>
/// The one way the read endpoints find a document: only an indexed document the caller may see is returned; anything
/// else (malformed id, unknown, deleted, failed, not visible) is "not found", the same answer. Reads of text, originals
/// and thumbnails, and every read by an admin, are audited with the decision.
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
