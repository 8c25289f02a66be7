using System.Globalization;
using System.Text;

namespace FileSearch.Core.Security;

/// <summary>
/// Principals as opaque, normalised strings: <c>kind:value</c> (<c>user:alice</c>, <c>group:sales</c>,
/// <c>sid:S-1-5-21-...</c>, <c>uid:1234</c>, <c>gid:1234</c>) or <c>everyone</c>. The kind is lower case, the value is
/// trimmed and NFC-normalised (a SID in upper case); names keep their case, as POSIX compares them.
/// </summary>
public static class Principal
{
    /// <summary>Every caller matches it (POSIX "other", a rule for the whole company).</summary>
    public const string Everyone = "everyone";

    public static string User(string name) => Normalize("user:" + name);

    public static string Group(string name) => Normalize("group:" + name);

    public static string Uid(uint uid) => "uid:" + uid.ToString(CultureInfo.InvariantCulture);

    public static string Gid(uint gid) => "gid:" + gid.ToString(CultureInfo.InvariantCulture);

    /// <summary>The normalised form; throws <see cref="ArgumentException"/> for text that is not a principal.</summary>
    public static string Normalize(string text) =>
        TryNormalize(text, out var principal) ? principal : throw new ArgumentException($"'{text}' is not a principal (kind:value or everyone)", nameof(text));

    public static bool TryNormalize(string? text, out string principal)
    {
        principal = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim().Normalize(NormalizationForm.FormC);
        if (trimmed.Equals(Everyone, StringComparison.OrdinalIgnoreCase))
        {
            principal = Everyone;
            return true;
        }

        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == trimmed.Length - 1 || !IsKind(trimmed.AsSpan(0, colon)) || trimmed.Any(char.IsControl))
        {
            return false;
        }

        var kind = trimmed[..colon].ToLowerInvariant();
        var value = trimmed[(colon + 1)..].Trim();
        if (value.Length == 0)
        {
            return false;
        }

        principal = kind + ":" + (kind == "sid" ? value.ToUpperInvariant() : value);
        return true;
    }

    private static bool IsKind(ReadOnlySpan<char> kind)
    {
        if (!char.IsAsciiLetter(kind[0]))
        {
            return false;
        }

        foreach (var c in kind)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}
