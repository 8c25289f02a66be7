namespace FileSearch.Core.Security;

/// <summary>Why a caller may or may not read a document: the deciding entry and its source, or the missing information.</summary>
/// <param name="Allowed">The decision.</param>
/// <param name="Entry">The allow or deny entry that decided, or null (no permission information, or no matching allow entry).</param>
/// <param name="Reason">The decision in words, naming the entry and its source.</param>
public sealed record AccessDecision(bool Allowed, PermissionEntry? Entry, string Reason)
{
    /// <summary>
    /// Decides as the read paths do: admins read everything; otherwise deny wins, then an allow entry of one of
    /// <paramref name="principals"/> (<c>everyone</c> implied); no permission information is for admins only.
    /// </summary>
    public static AccessDecision For(DocumentPermissions? permissions, IReadOnlyCollection<string> principals, bool isAdmin)
    {
        ArgumentNullException.ThrowIfNull(principals);
        if (isAdmin)
        {
            return new AccessDecision(true, null, "admin: every document is readable (and the read is audited)");
        }

        if (permissions is null)
        {
            return new AccessDecision(false, null, "no permission information for this document: admins only");
        }

        var held = new HashSet<string>(principals.Select(p => Principal.TryNormalize(p, out var n) ? n : p), StringComparer.Ordinal) { Principal.Everyone };
        if (permissions.Deny.FirstOrDefault(e => held.Contains(e.Principal)) is { Principal: not null } deny)
        {
            return new AccessDecision(false, deny, $"denied to {deny.Principal} by {PermissionSources.Name(deny.Source)} (deny wins)");
        }

        if (permissions.Allow.FirstOrDefault(e => held.Contains(e.Principal)) is { Principal: not null } allow)
        {
            return new AccessDecision(true, allow, $"allowed to {allow.Principal} by {PermissionSources.Name(allow.Source)}");
        }

        return new AccessDecision(false, null, "no allow entry names any of the caller's principals");
    }
}
