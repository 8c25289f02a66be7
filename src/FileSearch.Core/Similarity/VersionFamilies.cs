namespace FileSearch.Core.Similarity;

/// <summary>
/// Version families: two documents are versions of one document when
/// <list type="number">
/// <item>their folders are near: the same folder, one the parent of the other, or two folders of one parent;</item>
/// <item>their names are alike once version markers are removed (<see cref="VersionName.Similarity"/> of the stems at
/// least <see cref="NameThreshold"/>: equal stems, one stem the other plus a few characters, or bigram Dice ≥ 0.7);</item>
/// <item>their contents are related: the same SHA-256, or texts whose estimated Jaccard similarity reaches the family
/// threshold (0.5 by default: a version with a sentence removed and a dozen characters changed is about 0.6).</item>
/// </list>
/// Candidate pairs come from equal stems in near folders and from the MinHash LSH bands (for names that differ more
/// than their markers). Families are connected components of these links with at least two different contents (copies
/// alone are exact duplicates, not versions); members are ordered by modification time, then by the version the name
/// states (<see cref="VersionName.Rank"/>), then by path, so the last is the latest.
/// </summary>
public static class VersionFamilies
{
    /// <summary>Name similarity of the stems from which two names count as one document's.</summary>
    public const double NameThreshold = 0.7;

    /// <summary>A stem shared by more documents than this in one folder neighbourhood is compared through the LSH bands only.</summary>
    private const int MaxBucket = 500;

    public static IEnumerable<DuplicateGroup> Find(IReadOnlyList<DuplicateCandidate> all, double threshold)
    {
        ArgumentNullException.ThrowIfNull(all);
        var docs = all.Where(c => c.Signature is not null || c.ContentSha256 is not null).ToList();
        var stems = docs.Select(d => VersionName.Stem(d.Name)).ToArray();
        var parent = Enumerable.Range(0, docs.Count).ToArray();
        var weakest = new Dictionary<int, double>();

        void Link(int a, int b)
        {
            if (VersionFamilies.Link(docs[a], docs[b], stems[a], stems[b], threshold) is not { } similarity)
            {
                return;
            }

            var (ra, rb) = (DuplicateFinder.Root(parent, a), DuplicateFinder.Root(parent, b));
            if (ra != rb)
            {
                parent[rb] = ra;
                weakest[ra] = Math.Min(similarity, Math.Min(weakest.GetValueOrDefault(ra, 1.0), weakest.GetValueOrDefault(rb, 1.0)));
            }
        }

        // Equal stems under one folder key: each document is filed under its folder and its folder's parent, so a key
        // holds one folder's documents (same folder) and its subfolders' (parent and child, siblings).
        var buckets = new Dictionary<(string Stem, string Folder), List<int>>();
        for (var i = 0; i < docs.Count; i++)
        {
            Add(buckets, (stems[i], docs[i].Folder), i);
            Add(buckets, (stems[i], ParentOf(docs[i].Folder)), i);
        }

        var compared = new HashSet<(int, int)>();
        foreach (var list in buckets.Values.Where(l => l.Count is > 1 and <= MaxBucket))
        {
            for (var i = 0; i < list.Count; i++)
            {
                for (var j = i + 1; j < list.Count; j++)
                {
                    var pair = list[i] < list[j] ? (list[i], list[j]) : (list[j], list[i]);
                    if (compared.Add(pair))
                    {
                        Link(pair.Item1, pair.Item2);
                    }
                }
            }
        }

        var signed = Enumerable.Range(0, docs.Count).Where(i => docs[i].Signature is not null).ToList();
        foreach (var (a, b) in DuplicateFinder.CandidatePairs([.. signed.Select(i => docs[i].Signature!)]))
        {
            var pair = (signed[a], signed[b]);
            if (compared.Add(pair))
            {
                Link(pair.Item1, pair.Item2);
            }
        }

        return Enumerable.Range(0, docs.Count)
            .GroupBy(n => DuplicateFinder.Root(parent, n))
            .Where(g => g.Count() > 1 && g.Select(n => docs[n].ContentSha256 ?? docs[n].Id.Value).Distinct(StringComparer.Ordinal).Count() > 1
                && g.Select(n => docs[n].Signature).Distinct().Count() > 1)
            .Select(g => new DuplicateGroup(DuplicateKind.Family, Order(g.Select(n => docs[n])), 0, weakest.GetValueOrDefault(g.Key, 1.0)))
            .OrderByDescending(g => g.Members.Count).ThenBy(g => g.Members[^1].Path, StringComparer.Ordinal);
    }

    /// <summary>
    /// Whether two documents are versions of one (near folders, alike stems, related content): the content similarity
    /// that links them, or null.
    /// </summary>
    public static double? Link(DuplicateCandidate a, DuplicateCandidate b, string stemA, string stemB, double threshold)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!Near(a.Folder, b.Folder) || VersionName.Similarity(stemA, stemB) < NameThreshold
            || ContentSimilarity(a, b) is not { } similarity || similarity < threshold)
        {
            return null;
        }

        return similarity;
    }

    /// <summary>Oldest first: modification time (unknown first), then the stated version, then the path.</summary>
    public static IReadOnlyList<DuplicateCandidate> Order(IEnumerable<DuplicateCandidate> members) =>
        [.. members.OrderBy(m => m.LastModified ?? DateTimeOffset.MinValue).ThenBy(m => VersionName.Rank(m.Name)).ThenBy(m => m.Path, StringComparer.Ordinal)];

    /// <summary>The same folder, parent and child, or two folders of one parent.</summary>
    public static bool Near(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (pa, pb) = (ParentOf(a), ParentOf(b));
        return string.Equals(a, b, StringComparison.Ordinal) || string.Equals(pa, b, StringComparison.Ordinal)
            || string.Equals(a, pb, StringComparison.Ordinal) || (string.Equals(pa, pb, StringComparison.Ordinal) && a.Length > 0 && b.Length > 0);
    }

    private static double? ContentSimilarity(DuplicateCandidate a, DuplicateCandidate b)
    {
        if (a.ContentSha256 is not null && string.Equals(a.ContentSha256, b.ContentSha256, StringComparison.Ordinal))
        {
            return 1.0;
        }

        return a.Signature is not null && b.Signature is not null ? a.Signature.Similarity(b.Signature) : null;
    }

    private static string ParentOf(string folder) => folder.LastIndexOfAny(['/', '\\']) is var i and >= 0 ? folder[..i] : string.Empty;

    private static void Add(Dictionary<(string, string), List<int>> buckets, (string, string) key, int i)
    {
        if (!buckets.TryGetValue(key, out var list))
        {
            buckets[key] = list = [];
        }

        list.Add(i);
    }
}
