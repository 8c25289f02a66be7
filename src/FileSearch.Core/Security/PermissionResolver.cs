using Microsoft.Extensions.Options;

namespace FileSearch.Core.Security;

/// <summary>
/// A document's final permissions: what its source said (file ACL, event), then the path rules that match its path
/// (shortest prefix first; a <see cref="PathPermissionRule.Replace"/> rule discards what came before), then the aliases.
/// Null (no information: admins only) when the source said nothing and no rule matches.
/// </summary>
public sealed class PermissionResolver
{
    private readonly (string Prefix, DocumentPermissions Permissions, bool Replace)[] _rules;
    private readonly Dictionary<string, string> _aliases;

    public PermissionResolver(IOptions<PermissionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _rules =
        [
            .. value.Rules
                .Select(r => (Prefix: TrimSeparators(r.Path), Permissions: DocumentPermissions.Create(
                    r.Allow.Select(p => new PermissionEntry(p, PermissionSource.PathRule)),
                    r.Deny.Select(p => new PermissionEntry(p, PermissionSource.PathRule))), r.Replace))
                .OrderBy(r => r.Prefix.Length),
        ];
        _aliases = value.Aliases.ToDictionary(a => Principal.Normalize(a.From), a => Principal.Normalize(a.To), StringComparer.Ordinal);
    }

    /// <summary>A resolver without rules or aliases (the source's permissions as they are).</summary>
    public static PermissionResolver None { get; } = new(Options.Create(new PermissionOptions()));

    public DocumentPermissions? Resolve(string path, DocumentPermissions? source)
    {
        ArgumentNullException.ThrowIfNull(path);
        var result = source;
        foreach (var (prefix, permissions, replace) in _rules)
        {
            if (Matches(path, prefix))
            {
                result = replace || result is null ? permissions : result.Merge(permissions);
            }
        }

        return result is null || _aliases.Count == 0 ? result : DocumentPermissions.Create(
            result.Allow.Select(Alias), result.Deny.Select(Alias));
    }

    private PermissionEntry Alias(PermissionEntry entry) =>
        _aliases.TryGetValue(entry.Principal, out var alias) ? entry with { Principal = alias } : entry;

    internal static bool Matches(string path, string prefix) =>
        prefix.Length == 0
        || (prefix[^1] is '/' or '\\' && path.StartsWith(prefix, StringComparison.Ordinal))
        || (path.StartsWith(prefix, StringComparison.Ordinal) && (path.Length == prefix.Length || path[prefix.Length] is '/' or '\\'));

    private static string TrimSeparators(string path) => path.Length > 1 ? path.TrimEnd('/', '\\') : path;
}
