using FileSearch.Core.Domain;

namespace FileSearch.Core.Similarity;

/// <summary>The groups one document belongs to: its exact copies, its near-duplicates and its version family.</summary>
public sealed record DocumentDuplicates(DuplicateCandidate Document, DuplicateGroup? Exact, DuplicateGroup? Near, DuplicateGroup? Family)
{
    /// <summary>Its near-duplicate pictures (by image vector), when links were given.</summary>
    public DuplicateGroup? Image { get; init; }

    /// <summary>
    /// As <see cref="Of(DuplicateCandidate, IReadOnlyList{DuplicateCandidate}, double, double, int)"/>, and the group of
    /// near-duplicate pictures: <paramref name="images"/> links at or above <paramref name="imageThreshold"/>, walked from the
    /// document the same way.
    /// </summary>
    public static DocumentDuplicates Of(DuplicateCandidate target, IReadOnlyList<DuplicateCandidate> all, double threshold, double familyThreshold,
        double imageThreshold, IReadOnlyCollection<ImageLink> images, int maxMembers = 200)
    {
        ArgumentNullException.ThrowIfNull(images);
        var groups = Of(target, all, threshold, familyThreshold, maxMembers);
        var adjacent = new Dictionary<(DocumentId, DocumentId), double>();
        foreach (var link in images.Where(l => l.Similarity >= imageThreshold))
        {
            adjacent[(link.A, link.B)] = link.Similarity;
            adjacent[(link.B, link.A)] = link.Similarity;
        }

        var (members, weakest) = Walk(target, all, maxMembers, (a, b) => adjacent.TryGetValue((a.Id, b.Id), out var s) ? s : null);
        return members.Select(m => m.ContentSha256 ?? m.Id.Value).Distinct(StringComparer.Ordinal).Count() > 1
            ? groups with { Image = new DuplicateGroup(DuplicateKind.Image, [.. members.OrderBy(m => m.Path, StringComparer.Ordinal)], 0, weakest) }
            : groups;
    }

    /// <summary>
    /// The groups of <paramref name="target"/> among <paramref name="all"/> (which holds it). Unlike
    /// <see cref="DuplicateFinder.Find(IEnumerable{DuplicateCandidate}, double, double)"/>, which finds candidate pairs by
    /// LSH banding, the document is compared with every other one and each member found with every other one in turn
    /// (a breadth-first walk of the same links, at most <paramref name="maxMembers"/> members per group), so nothing the
    /// bands would miss is missed; the groups are otherwise the report's.
    /// </summary>
    public static DocumentDuplicates Of(DuplicateCandidate target, IReadOnlyList<DuplicateCandidate> all, double threshold = DuplicateFinder.DefaultThreshold,
        double familyThreshold = DuplicateFinder.DefaultFamilyThreshold, int maxMembers = 200)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(all);
        DuplicateGroup? exact = null;
        if (target.ContentSha256 is not null)
        {
            var copies = all.Where(c => string.Equals(c.ContentSha256, target.ContentSha256, StringComparison.Ordinal)).Take(maxMembers).ToList();
            if (copies.Count > 1)
            {
                var ordered = copies.OrderBy(m => m.LastModified ?? DateTimeOffset.MaxValue).ThenBy(m => m.Path, StringComparer.Ordinal).ToList();
                exact = new DuplicateGroup(DuplicateKind.Exact, ordered, ordered.Skip(1).Sum(m => m.Size), 1.0);
            }
        }

        var (nearMembers, nearWeakest) = Walk(target, all, maxMembers, (a, b) =>
            a.Signature is not null && b.Signature is not null && a.Signature.Similarity(b.Signature) is var s && s >= threshold ? s : null);
        DuplicateGroup? near = null;
        if (nearMembers.Select(m => m.ContentSha256 ?? m.Id.Value).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            near = new DuplicateGroup(DuplicateKind.Near, [.. nearMembers.OrderBy(m => m.Path, StringComparer.Ordinal)], 0, nearWeakest);
        }

        var stems = new Dictionary<DocumentId, string>();
        string Stem(DuplicateCandidate c) => stems.TryGetValue(c.Id, out var s) ? s : stems[c.Id] = VersionName.Stem(c.Name);
        var (familyMembers, familyWeakest) = Walk(target, all, maxMembers, (a, b) => VersionFamilies.Link(a, b, Stem(a), Stem(b), familyThreshold));
        DuplicateGroup? family = null;
        if (familyMembers.Select(m => m.ContentSha256 ?? m.Id.Value).Distinct(StringComparer.Ordinal).Count() > 1
            && familyMembers.Select(m => m.Signature).Distinct().Count() > 1)
        {
            family = new DuplicateGroup(DuplicateKind.Family, VersionFamilies.Order(familyMembers), 0, familyWeakest);
        }

        return new DocumentDuplicates(target, exact, near, family);
    }

    private static (List<DuplicateCandidate> Members, double Weakest) Walk(DuplicateCandidate target, IReadOnlyList<DuplicateCandidate> all, int maxMembers,
        Func<DuplicateCandidate, DuplicateCandidate, double?> link)
    {
        var members = new List<DuplicateCandidate> { target };
        var seen = new HashSet<DocumentId> { target.Id };
        var weakest = 1.0;
        for (var next = 0; next < members.Count && members.Count < maxMembers; next++)
        {
            foreach (var other in all)
            {
                if (!seen.Contains(other.Id) && link(members[next], other) is { } similarity)
                {
                    seen.Add(other.Id);
                    members.Add(other);
                    weakest = Math.Min(weakest, similarity);
                    if (members.Count >= maxMembers)
                    {
                        break;
                    }
                }
            }
        }

        return (members, weakest);
    }
}
