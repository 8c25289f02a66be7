using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;

namespace FileSearch.Core.Similarity;

/// <summary>
/// Links between near-duplicate pictures, found by one k-NN lookup per image in the index
/// (<see cref="ISearchIndex.NearestAsync"/>) rather than by comparing all pairs: each candidate that has a vector asks for its
/// <see cref="DefaultNeighbours"/> nearest, and every neighbour among the candidates at or above the floor is a link. A
/// group larger than the neighbours asked for is still joined, through its members' own lookups.
/// </summary>
public static class ImageNeighbours
{
    /// <summary>Nearest vectors asked for per image.</summary>
    public const int DefaultNeighbours = 10;

    /// <summary>
    /// The links among <paramref name="candidates"/> of cosine similarity at least <paramref name="floor"/>, each pair once
    /// (at its higher similarity: the two lookups of a pair can differ in the last digits). With a <paramref name="cache"/>,
    /// an image whose <see cref="DuplicateCandidate.VectorStamp"/> is unchanged reuses its lookup: a link to a newer image
    /// comes from the newer image's own lookup, so only new and changed images are looked up again. With a cache and a
    /// <c>budget</c>, new lookups (one k-NN scan each: milliseconds, tens of them at a million images) stop once the budget
    /// is spent (measured on <c>time</c>); the images left over (<see cref="ImageNeighbourCache.Pending"/>) are looked up
    /// by the next calls, and until then only their neighbours' lookups link them.
    /// </summary>
    public static async Task<IReadOnlyList<ImageLink>> FindAsync(ISearchIndex index, IEnumerable<DuplicateCandidate> candidates, Visibility? visibility,
        double floor, CancellationToken cancellationToken, int neighbours = DefaultNeighbours, ImageNeighbourCache? cache = null,
        TimeSpan? budget = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(candidates);
        var images = candidates.Where(c => c.HasVector).GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First());
        var fresh = new Dictionary<DocumentId, IReadOnlyList<VectorNeighbour>>();
        var kept = new Dictionary<DocumentId, IReadOnlyList<VectorNeighbour>>();
        var clock = time ?? TimeProvider.System;
        var started = clock.GetTimestamp();
        if (cache is not null)
        {
            cache.Pending = 0;
        }

        foreach (var (id, candidate) in images)
        {
            if (cache is not null && cache.TryGet(id, candidate.VectorStamp, neighbours, out var nearest))
            {
                kept[id] = nearest;
            }
            else if (cache is not null && budget is { } limit && clock.GetElapsedTime(started) >= limit)
            {
                cache.Pending++;
            }
            else
            {
                fresh[id] = nearest = await index.NearestAsync(id, neighbours, visibility, cancellationToken).ConfigureAwait(false);
                cache?.Set(id, candidate.VectorStamp, neighbours, nearest);
            }
        }

        var links = new Dictionary<(DocumentId, DocumentId), double>();
        void Add(DocumentId id, IReadOnlyList<VectorNeighbour> nearest, bool skipChanged)
        {
            foreach (var neighbour in nearest)
            {
                // A kept lookup's neighbour that has changed since is linked, or not, by its own new lookup.
                if (neighbour.Similarity >= floor && neighbour.Id != id && images.ContainsKey(neighbour.Id) && !(skipChanged && fresh.ContainsKey(neighbour.Id)))
                {
                    var key = string.CompareOrdinal(id.Value, neighbour.Id.Value) < 0 ? (id, neighbour.Id) : (neighbour.Id, id);
                    links[key] = Math.Max(links.GetValueOrDefault(key, double.MinValue), neighbour.Similarity);
                }
            }
        }

        foreach (var (id, nearest) in fresh)
        {
            Add(id, nearest, skipChanged: false);
        }

        foreach (var (id, nearest) in kept)
        {
            Add(id, nearest, skipChanged: true);
        }

        cache?.Keep(images.Keys);
        return [.. links.Select(l => new ImageLink(l.Key.Item1, l.Key.Item2, l.Value))];
    }
}

/// <summary>
/// The nearest vectors of each image by its <see cref="DuplicateCandidate.VectorStamp"/>, kept between calls of
/// <see cref="ImageNeighbours.FindAsync"/> of one view (one caller's visibility, or all). Not thread-safe: one caller at a time.
/// </summary>
public sealed class ImageNeighbourCache
{
    /// <summary>Images the last call left for later because its time budget ran out.</summary>
    public int Pending { get; internal set; }

    private readonly Dictionary<DocumentId, (string? Stamp, int Neighbours, IReadOnlyList<VectorNeighbour> Nearest)> _nearest = [];

    /// <summary>Images kept.</summary>
    public int Count => _nearest.Count;

    internal bool TryGet(DocumentId id, string? stamp, int neighbours, out IReadOnlyList<VectorNeighbour> nearest)
    {
        if (stamp is not null && _nearest.TryGetValue(id, out var kept) && kept.Stamp == stamp && kept.Neighbours == neighbours)
        {
            nearest = kept.Nearest;
            return true;
        }

        nearest = [];
        return false;
    }

    internal void Set(DocumentId id, string? stamp, int neighbours, IReadOnlyList<VectorNeighbour> nearest) => _nearest[id] = (stamp, neighbours, nearest);

    /// <summary>Forgets the images no longer among the candidates.</summary>
    internal void Keep(IEnumerable<DocumentId> ids)
    {
        var keep = ids.ToHashSet();
        foreach (var id in _nearest.Keys.Where(id => !keep.Contains(id)).ToList())
        {
            _nearest.Remove(id);
        }
    }
}
