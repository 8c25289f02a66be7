using System.Text;
using FileSearch.Core.Ports;

namespace FileSearch.Core.Domain;

/// <summary>The rules every index adapter follows for <see cref="ISearchIndex.SuggestAsync"/>.</summary>
public static class SuggestionRules
{
    /// <summary>Most suggestions one call returns, whatever limit is asked for.</summary>
    public const int MaxSuggestions = 50;

    /// <summary>A prefix (or a word) as suggestions compare it: trimmed, NFKC, lower case (invariant).</summary>
    public static string Key(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        try
        {
            return trimmed.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            // Ill-formed UTF-16 (a lone surrogate) cannot be normalised; it still compares as typed.
            return trimmed.ToLowerInvariant();
        }
    }

    /// <summary>The first <paramref name="limit"/> suggestions: most documents first, then names before words, then text.</summary>
    public static IReadOnlyList<Suggestion> Top(IEnumerable<Suggestion> suggestions, int limit)
    {
        ArgumentNullException.ThrowIfNull(suggestions);
        return
        [
            .. suggestions.OrderByDescending(s => s.Documents)
                .ThenBy(s => s.Source)
                .ThenBy(s => s.Text, StringComparer.Ordinal)
                .Take(Math.Min(limit, MaxSuggestions)),
        ];
    }
}
