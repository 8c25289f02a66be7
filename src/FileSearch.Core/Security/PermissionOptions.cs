using Microsoft.Extensions.Options;

namespace FileSearch.Core.Security;

/// <summary>The <c>Permissions</c> section: path rules and principal aliases applied to every document's permissions.</summary>
public sealed class PermissionOptions
{
    public const string SectionName = "Permissions";

    /// <summary>Path prefix → principals allowed or denied, applied shortest prefix first.</summary>
    public IList<PathPermissionRule> Rules { get; } = [];

    /// <summary>
    /// Principal → the principal the identity provider uses for it (e.g. <c>sid:S-1-5-21-...-1104</c> →
    /// <c>group:営業部</c>); applied once, after the rules, to allow and deny entries alike. A list of pairs rather than a
    /// map, because configuration keys cannot hold the ':' of a principal.
    /// </summary>
    public IList<PrincipalAlias> Aliases { get; } = [];
}

/// <summary>One alias: entries naming <see cref="From"/> name <see cref="To"/> instead.</summary>
public sealed class PrincipalAlias
{
    public string From { get; set; } = string.Empty;

    public string To { get; set; } = string.Empty;
}

/// <summary>One path rule.</summary>
public sealed class PathPermissionRule
{
    /// <summary>The path prefix (a document's original path, else its key), matched on whole path segments.</summary>
    public string Path { get; set; } = string.Empty;

    public IList<string> Allow { get; } = [];

    public IList<string> Deny { get; } = [];

    /// <summary>Discard what the file's source said (and shorter rules) instead of adding to it.</summary>
    public bool Replace { get; set; }
}

/// <summary>Validates <see cref="PermissionOptions"/> at start: every rule has a path, every principal parses, no alias chains.</summary>
public sealed class PermissionOptionsValidator : IValidateOptions<PermissionOptions>
{
    public ValidateOptionsResult Validate(string? name, PermissionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            if (string.IsNullOrWhiteSpace(rule.Path))
            {
                errors.Add($"Permissions:Rules:{i}:Path is empty");
            }

            if (rule.Allow.Count == 0 && rule.Deny.Count == 0 && !rule.Replace)
            {
                errors.Add($"Permissions:Rules:{i} ({rule.Path}) neither allows nor denies anyone");
            }

            errors.AddRange(rule.Allow.Concat(rule.Deny).Where(p => !Principal.TryNormalize(p, out _))
                .Select(p => $"Permissions:Rules:{i} ({rule.Path}): '{p}' is not a principal (kind:value or everyone)"));
        }

        for (var i = 0; i < options.Aliases.Count; i++)
        {
            var (from, to) = (options.Aliases[i].From, options.Aliases[i].To);
            if (!Principal.TryNormalize(from, out var source) || !Principal.TryNormalize(to, out var target))
            {
                errors.Add($"Permissions:Aliases:{i}: '{from}' = '{to}' is not a pair of principals (kind:value or everyone)");
            }
            else if (source == Principal.Everyone)
            {
                errors.Add($"Permissions:Aliases:{i}: 'everyone' cannot be aliased");
            }
            else if (options.Aliases.Any(a => Principal.TryNormalize(a.From, out var other) && other == target))
            {
                errors.Add($"Permissions:Aliases:{i}: '{from}' maps to '{to}', which is itself aliased (chains are not followed)");
            }
            else if (options.Aliases.Take(i).Any(a => Principal.TryNormalize(a.From, out var other) && other == source))
            {
                errors.Add($"Permissions:Aliases:{i}: '{from}' is aliased twice");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
