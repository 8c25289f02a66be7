using System.Text;
using System.Text.Json;

namespace FileSearch.Core.Security;

/// <summary>Where a permission entry came from, so a decision can be explained.</summary>
public enum PermissionSource
{
    /// <summary>POSIX owner, owning group or other (mode bits, or the matching entries of an ACL).</summary>
    Mode = 0,

    /// <summary>A named user or group entry of a POSIX ACL (limited by its mask), or a Windows ACE.</summary>
    Acl = 1,

    /// <summary>Traverse (execute) permission of a folder between the ingested root and the file.</summary>
    Ancestor = 2,

    /// <summary>A configured path rule (<c>Permissions:Rules</c>).</summary>
    PathRule = 3,

    /// <summary>The <c>acl</c> of the file event, as the producer sent it.</summary>
    Event = 4,
}

/// <summary>One allow or deny entry: a normalised principal (<see cref="Principal"/>) and its source.</summary>
public readonly record struct PermissionEntry(string Principal, PermissionSource Source) : IComparable<PermissionEntry>
{
    public int CompareTo(PermissionEntry other)
    {
        var byPrincipal = string.CompareOrdinal(Principal, other.Principal);
        return byPrincipal != 0 ? byPrincipal : Source.CompareTo(other.Source);
    }

    public override string ToString() => $"{Principal} ({PermissionSources.Name(Source)})";
}

/// <summary>Names of <see cref="PermissionSource"/> in the serialised form: mode, acl, ancestor, path-rule, event.</summary>
public static class PermissionSources
{
    public static string Name(PermissionSource source) => source switch
    {
        PermissionSource.Mode => "mode",
        PermissionSource.Acl => "acl",
        PermissionSource.Ancestor => "ancestor",
        PermissionSource.PathRule => "path-rule",
        PermissionSource.Event => "event",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    public static bool TryParse(string? name, out PermissionSource source)
    {
        foreach (var candidate in Enum.GetValues<PermissionSource>())
        {
            if (string.Equals(Name(candidate), name, StringComparison.Ordinal))
            {
                source = candidate;
                return true;
            }
        }

        source = default;
        return false;
    }
}

/// <summary>
/// Who may read a document: the principals allowed and the principals denied (deny wins), each entry with its source.
/// Immutable, with value equality; entries are de-duplicated and ordered (principal, ordinal; then source), so equal
/// permissions serialise identically. A document without permission information has no instance at all (null), which is
/// not the same as <see cref="Nobody"/> (known, and nobody may read it).
/// </summary>
public sealed class DocumentPermissions : IEquatable<DocumentPermissions>
{
    private DocumentPermissions(PermissionEntry[] allow, PermissionEntry[] deny)
    {
        Allow = allow;
        Deny = deny;
        AllowedPrincipals = Principals(allow);
        DeniedPrincipals = Principals(deny);
    }

    /// <summary>Known permissions that let nobody read (an admin still can).</summary>
    public static DocumentPermissions Nobody { get; } = new([], []);

    public IReadOnlyList<PermissionEntry> Allow { get; }

    public IReadOnlyList<PermissionEntry> Deny { get; }

    /// <summary>The distinct allowed principals, ordinal order (what an index stores and filters on).</summary>
    public IReadOnlyList<string> AllowedPrincipals { get; }

    /// <summary>The distinct denied principals, ordinal order.</summary>
    public IReadOnlyList<string> DeniedPrincipals { get; }

    /// <summary>Builds normalised permissions; principals are normalised (<see cref="Principal.Normalize"/>).</summary>
    public static DocumentPermissions Create(IEnumerable<PermissionEntry> allow, IEnumerable<PermissionEntry>? deny = null)
    {
        ArgumentNullException.ThrowIfNull(allow);
        var allowed = Normalize(allow);
        var denied = Normalize(deny ?? []);
        return allowed.Length == 0 && denied.Length == 0 ? Nobody : new DocumentPermissions(allowed, denied);
    }

    /// <summary>Permissions allowing <paramref name="principals"/> (no deny), all from one source.</summary>
    public static DocumentPermissions Allowing(PermissionSource source, params string[] principals) =>
        Create(principals.Select(p => new PermissionEntry(p, source)));

    /// <summary>Both sets of entries together (a union of allows and of denies).</summary>
    public DocumentPermissions Merge(DocumentPermissions other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Create(Allow.Concat(other.Allow), Deny.Concat(other.Deny));
    }

    /// <summary>
    /// True when a caller holding <paramref name="principals"/> (its user and groups; <c>everyone</c> is implied) matches an
    /// allowed principal and no denied one.
    /// </summary>
    public bool Allows(IEnumerable<string> principals)
    {
        ArgumentNullException.ThrowIfNull(principals);
        var held = new HashSet<string>(StringComparer.Ordinal) { Principal.Everyone };
        foreach (var p in principals)
        {
            if (Principal.TryNormalize(p, out var normalised))
            {
                held.Add(normalised);
            }
        }

        return AllowedPrincipals.Any(held.Contains) && !DeniedPrincipals.Any(held.Contains);
    }

    /// <summary>
    /// The compact serialised form: <c>{"allow":{"mode":["everyone"],"acl":["group:sales"]},"deny":{"mode":["user:bob"]}}</c>,
    /// sources in a fixed order, principals ordered, an empty side left out (<see cref="Nobody"/> is <c>{}</c>).
    /// </summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteTo(json);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes <see cref="ToJson"/>'s object to <paramref name="json"/> (e.g. as a property value).</summary>
    public void WriteTo(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        WriteSide(json, "allow", Allow);
        WriteSide(json, "deny", Deny);
        json.WriteEndObject();
    }

    /// <summary>Reads <see cref="ToJson"/>'s output; null for null or empty input (no permission information).</summary>
    public static DocumentPermissions? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return Read(document.RootElement);
    }

    /// <summary>
    /// Reads permissions from a JSON object: each of <c>allow</c> and <c>deny</c> is either an object of principals by
    /// source (the serialised form) or a plain array of principals (source <see cref="PermissionSource.Event"/>).
    /// Throws <see cref="FormatException"/> for anything else (an unknown source, a malformed principal).
    /// </summary>
    public static DocumentPermissions Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("permissions must be a JSON object with 'allow' and 'deny'");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Name is not ("allow" or "deny"))
            {
                throw new FormatException($"unknown permissions property '{property.Name}' (expected allow, deny)");
            }
        }

        return Create(ReadSide(element, "allow"), ReadSide(element, "deny"));
    }

    public bool Equals(DocumentPermissions? other) =>
        other is not null && (ReferenceEquals(this, other) || (Allow.SequenceEqual(other.Allow) && Deny.SequenceEqual(other.Deny)));

    public override bool Equals(object? obj) => Equals(obj as DocumentPermissions);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var entry in Allow)
        {
            hash.Add(entry);
        }

        hash.Add('|');
        foreach (var entry in Deny)
        {
            hash.Add(entry);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => ToJson();

    private static PermissionEntry[] Normalize(IEnumerable<PermissionEntry> entries) =>
        [.. entries.Select(e => e with { Principal = Security.Principal.Normalize(e.Principal) }).Distinct().Order()];

    private static string[] Principals(PermissionEntry[] entries) => [.. entries.Select(e => e.Principal).Distinct().Order(StringComparer.Ordinal)];

    private static void WriteSide(Utf8JsonWriter json, string name, IReadOnlyList<PermissionEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        json.WriteStartObject(name);
        foreach (var group in entries.GroupBy(e => e.Source).OrderBy(g => g.Key))
        {
            json.WriteStartArray(PermissionSources.Name(group.Key));
            foreach (var entry in group)
            {
                json.WriteStringValue(entry.Principal);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static List<PermissionEntry> ReadSide(JsonElement element, string name)
    {
        var entries = new List<PermissionEntry>();
        if (!element.TryGetProperty(name, out var side) || side.ValueKind == JsonValueKind.Null)
        {
            return entries;
        }

        switch (side.ValueKind)
        {
            case JsonValueKind.Array:
                entries.AddRange(side.EnumerateArray().Select(p => new PermissionEntry(ReadPrincipal(p, name), PermissionSource.Event)));
                break;
            case JsonValueKind.Object:
                foreach (var bySource in side.EnumerateObject())
                {
                    if (!PermissionSources.TryParse(bySource.Name, out var source) || bySource.Value.ValueKind != JsonValueKind.Array)
                    {
                        throw new FormatException($"'{name}.{bySource.Name}' is not an array of principals of a known source (mode, acl, ancestor, path-rule, event)");
                    }

                    entries.AddRange(bySource.Value.EnumerateArray().Select(p => new PermissionEntry(ReadPrincipal(p, name), source)));
                }

                break;
            default:
                throw new FormatException($"'{name}' must be an array of principals or an object of principals by source");
        }

        return entries;
    }

    private static string ReadPrincipal(JsonElement element, string side) =>
        element.ValueKind == JsonValueKind.String && Security.Principal.TryNormalize(element.GetString(), out var principal)
            ? principal
            : throw new FormatException($"'{side}' holds {element.GetRawText()}, which is not a principal (kind:value or everyone)");
}
