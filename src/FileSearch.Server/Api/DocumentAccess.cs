using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;

namespace FileSearch.Server.Api;

/// <summary>
/// The one way the read endpoints find a document: only an indexed document the caller may see is returned; anything
/// else (malformed id, unknown, deleted, failed, not visible) is "not found", the same answer.
/// </summary>
public sealed class DocumentAccess(IMetadataStore metadata)
{
    public async Task<DocumentRecord?> FindAsync(string id, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (string.IsNullOrEmpty(id) || id.Length > 200 || !DocumentId.TryParse(id, out var documentId))
        {
            return null;
        }

        var record = await metadata.GetAsync(documentId, cancellationToken).ConfigureAwait(false);
        return record is { Status: DocumentStatus.Indexed } && MayRead(caller, record) ? record : null;
    }

    /// <summary>
    /// Admins read everything; anyone else needs an allow entry for one of their principals and no deny entry (deny wins),
    /// and a document without permission information is for admins only (fail closed).
    /// </summary>
    public static bool MayRead(Caller caller, DocumentRecord record)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(record);
        return AccessDecision.For(record.Permissions, caller.Principals(), caller.IsAdmin).Allowed;
    }
}
