using FileSearch.Core.Ports;

namespace FileSearch.Core.Domain;

/// <summary>
/// The rules every index adapter follows for <see cref="SearchFacets"/>: which folders a path lies in, which of them is
/// "one level below" a path prefix, and the order of facet values.
/// </summary>
public static class FacetRules
{
    /// <summary>Most values returned per facet.</summary>
    public const int MaxValues = 100;

    /// <summary>True for the two separators the path field holds: '/' and '\'.</summary>
    public static bool IsSeparator(char c) => c is '/' or '\\';

    /// <summary>The folder the path is in (the part before its last separator), or null for a path without one.</summary>
    public static string? Parent(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var last = path.AsSpan().LastIndexOfAny('/', '\\');
        return last <= 0 ? null : path[..last];
    }

    /// <summary>
    /// The folder one level below <paramref name="prefix"/> that holds <paramref name="path"/> (which starts with the
    /// prefix), or null when the document lies directly in the prefix folder. A prefix without a trailing separator is
    /// a folder too (<c>/nas/営業</c> gives <c>/nas/営業/2024</c>); no prefix gives the top-level folders.
    /// </summary>
    public static string? FolderBelow(string? prefix, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        prefix ??= string.Empty;
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var start = prefix.Length;
        if (start < path.Length && IsSeparator(path[start]) && (prefix.Length == 0 || !IsSeparator(prefix[^1])))
        {
            start++;
        }

        var end = path.AsSpan(start).IndexOfAny('/', '\\');
        return end <= 0 ? null : path[..(start + end)];
    }

    /// <summary>The folder one level below the prefix that holds the folder <paramref name="parent"/> (or is it), or null.</summary>
    public static string? FolderBelowFolder(string? prefix, string parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return FolderBelow(prefix, parent + "/");
    }

    /// <summary>Counts as facet values: count descending, then value (ordinal), at most <see cref="MaxValues"/>, zeros left out.</summary>
    public static IReadOnlyList<FacetCount> Ordered(IEnumerable<KeyValuePair<string, long>> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return
        [
            .. counts.Where(c => c.Value > 0)
                .OrderByDescending(c => c.Value)
                .ThenBy(c => c.Key, StringComparer.Ordinal)
                .Take(MaxValues)
                .Select(c => new FacetCount(c.Key, c.Value)),
        ];
    }

    /// <summary>The facets of an in-memory set of documents (for adapters and fakes that count client side).</summary>
    public static SearchFacets Count(IEnumerable<IndexDocument> matches, string? pathPrefix)
    {
        ArgumentNullException.ThrowIfNull(matches);
        var kinds = new Dictionary<string, long>(StringComparer.Ordinal);
        var months = new Dictionary<string, long>(StringComparer.Ordinal);
        var folders = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var doc in matches)
        {
            Increment(kinds, doc.Kind.ShortName());
            if (doc.Modified is { } modified)
            {
                Increment(months, modified.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
            }

            if (FolderBelow(pathPrefix, doc.Path) is { } folder)
            {
                Increment(folders, folder);
            }
        }

        return new SearchFacets(Ordered(kinds), Ordered(months), Ordered(folders));

        static void Increment(Dictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
    }
}
