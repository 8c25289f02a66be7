using System.Globalization;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Similarity;

namespace FileSearch.Server.Api;

/// <summary>What <c>collapse=</c> folds into one hit.</summary>
public enum CollapseMode
{
    /// <summary>Every hit shown.</summary>
    None = 0,

    /// <summary>Exact copies and near-duplicates: one hit per group.</summary>
    Duplicates = 1,

    /// <summary>Versions of one document (and their copies and near-duplicates): one hit per family.</summary>
    Versions = 2,
}

/// <summary>A group a hit stands for: every member's id, and the newest version of a family.</summary>
public sealed record CollapseGroup(IReadOnlyList<DocumentId> Members, DocumentId? Latest);

/// <summary>
/// Search with duplicate groups collapsed: the whole result window (<see cref="SearchRequests.MaxWindow"/> hits) is read in
/// rank order without snippets, each group is shown once, at its best-ranked member, and the page is cut from that list,
/// so <c>total</c>, <c>offset</c> and <c>limit</c> count groups; the page's hits then get their snippets from one search over
/// the slice of the ranking they span. Matches beyond the window are counted one each. Facets count collapsed hits too
/// (<see cref="CollapsedFacets"/>).
/// </summary>
public static class SearchCollapse
{
    /// <summary>
    /// The groups among <paramref name="readable"/> (the documents one caller may read), by member: exact copies,
    /// near-duplicate texts and near-duplicate images (<paramref name="images"/> at <see cref="DuplicateFinder.DefaultImageThreshold"/>)
    /// joined for <see cref="CollapseMode.Duplicates"/>, and version families as well for <see cref="CollapseMode.Versions"/>.
    /// </summary>
    public static IReadOnlyDictionary<DocumentId, CollapseGroup> Groups(IReadOnlyList<DuplicateCandidate> readable, CollapseMode mode,
        IReadOnlyCollection<ImageLink> images)
    {
        ArgumentNullException.ThrowIfNull(readable);
        var report = DuplicateFinder.Find(readable, DuplicateFinder.DefaultThreshold, DuplicateFinder.DefaultFamilyThreshold,
            DuplicateFinder.DefaultImageThreshold, images);
        var parent = new Dictionary<DocumentId, DocumentId>();
        DocumentId Root(DocumentId id)
        {
            while (parent.TryGetValue(id, out var up) && up != id)
            {
                id = up;
            }

            return id;
        }

        var latest = new Dictionary<DocumentId, DuplicateCandidate>();
        foreach (var group in report.Groups.Where(g => g.Kind != DuplicateKind.Family || mode == CollapseMode.Versions))
        {
            var first = Root(group.Members[0].Id);
            parent.TryAdd(first, first);
            foreach (var member in group.Members)
            {
                parent.TryAdd(member.Id, member.Id);
                parent[Root(member.Id)] = first;
            }

            if (group.Kind == DuplicateKind.Family)
            {
                latest[group.Members[0].Id] = group.Members[^1];
            }
        }

        var byId = readable.ToDictionary(c => c.Id);
        var result = new Dictionary<DocumentId, CollapseGroup>();
        foreach (var component in parent.Keys.GroupBy(Root))
        {
            var members = component.ToList();
            DocumentId? newest = null;
            if (mode == CollapseMode.Versions)
            {
                // The newest family member, by the family's own order; with no family, no latest.
                newest = latest.Where(l => Root(l.Key) == component.Key).Select(l => l.Value)
                    .OrderBy(m => m.LastModified ?? DateTimeOffset.MinValue).ThenBy(m => VersionName.Rank(m.Name)).LastOrDefault()?.Id;
            }

            var group = new CollapseGroup([.. members.OrderBy(m => byId.TryGetValue(m, out var c) ? c.Path : m.Value, StringComparer.Ordinal)], newest);
            foreach (var member in members)
            {
                result[member] = group;
            }
        }

        return result;
    }

    public static async Task<SearchResponse> SearchAsync(ISearchIndex index, SearchQuery query, CollapseMode mode,
        IReadOnlyDictionary<DocumentId, CollapseGroup> groups, UncMapper unc, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(time);
        var started = time.GetTimestamp();
        var all = await index.SearchAsync(query with { Offset = 0, Limit = SearchRequests.MaxWindow, WithoutSnippets = true }, cancellationToken)
            .ConfigureAwait(false);
        var shown = new List<(int Rank, SearchHit Hit)>();
        var seen = new HashSet<CollapseGroup>(ReferenceEqualityComparer.Instance);
        for (var rank = 0; rank < all.Hits.Count; rank++)
        {
            if (!groups.TryGetValue(all.Hits[rank].Id, out var group) || seen.Add(group))
            {
                shown.Add((rank, all.Hits[rank]));
            }
        }

        var total = shown.Count + Math.Max(0, all.TotalHits - all.Hits.Count);
        var page = shown.Skip(query.Offset).Take(query.Limit).ToList();
        var snippets = new Dictionary<DocumentId, SearchHit>();
        if (page.Count > 0)
        {
            var slice = await index.SearchAsync(query with { Offset = page[0].Rank, Limit = page[^1].Rank - page[0].Rank + 1, IncludeFacets = false },
                cancellationToken).ConfigureAwait(false);
            foreach (var hit in slice.Hits)
            {
                snippets.TryAdd(hit.Id, hit);
            }
        }

        var hits = page.Select(p =>
        {
            var dto = Dtos.Hit(snippets.GetValueOrDefault(p.Hit.Id) ?? p.Hit, unc);
            return groups.TryGetValue(p.Hit.Id, out var group) ? dto with { Group = Group(p.Hit.Id, group, mode) } : dto;
        }).ToList();
        var facets = query.IncludeFacets && all.Facets is { } counted ? CollapsedFacets(all.Hits, counted, groups, query.PathPrefix) : all.Facets;
        var response = Dtos.Search(query, all with { TotalHits = total, Hits = [], Facets = facets }, time.GetElapsedTime(started), unc);
        return response with { Hits = hits, Collapse = mode == CollapseMode.Duplicates ? "duplicates" : "versions" };
    }

    /// <summary>
    /// Facets that count collapsed hits: a value counts the groups with at least one matching member of that value (a
    /// document in no group is a group of its own), which is the total the collapsed search shows when filtered on that
    /// value. Matches beyond the window count one each, as in the total: the index's count of the value less the window's
    /// documents of it.
    /// </summary>
    internal static SearchFacets CollapsedFacets(IReadOnlyList<SearchHit> window, SearchFacets index, IReadOnlyDictionary<DocumentId, CollapseGroup> groups,
        string? pathPrefix)
    {
        var kinds = new Facet();
        var months = new Facet();
        var folders = new Facet();
        foreach (var hit in window)
        {
            object group = groups.TryGetValue(hit.Id, out var g) ? g : hit.Id;
            kinds.Add(hit.Kind.ShortName(), group);
            if (hit.Modified is { } modified)
            {
                months.Add(modified.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture), group);
            }

            if (FacetRules.Parent(hit.Path) is { } parent && FacetRules.FolderBelowFolder(pathPrefix, parent) is { } folder)
            {
                folders.Add(folder, group);
            }
        }

        return new SearchFacets(kinds.Counts(index.Kinds), months.Counts(index.Months), folders.Counts(index.Folders));
    }

    private sealed class Facet
    {
        private readonly Dictionary<string, (HashSet<object> Groups, long Documents)> _values = new(StringComparer.Ordinal);

        public void Add(string value, object group)
        {
            var (groups, documents) = _values.TryGetValue(value, out var seen) ? seen : ([], 0);
            groups.Add(group);
            _values[value] = (groups, documents + 1);
        }

        public IReadOnlyList<FacetCount> Counts(IReadOnlyList<FacetCount> index)
        {
            var counts = _values.ToDictionary(v => v.Key, v => (long)v.Value.Groups.Count, StringComparer.Ordinal);
            foreach (var value in index)
            {
                var inWindow = _values.TryGetValue(value.Value, out var seen) ? seen.Documents : 0;
                counts[value.Value] = counts.GetValueOrDefault(value.Value) + Math.Max(0, value.Count - inWindow);
            }

            return FacetRules.Ordered(counts);
        }
    }

    private static HitGroupDto Group(DocumentId shown, CollapseGroup group, CollapseMode mode) =>
        new(mode == CollapseMode.Duplicates ? "copies" : "versions", group.Members.Count - 1,
            [.. group.Members.Where(m => m != shown).Select(m => m.Value)], group.Latest?.Value);
}
