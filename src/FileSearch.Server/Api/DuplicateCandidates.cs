using System.Collections.Concurrent;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Core.Similarity;
using Microsoft.Extensions.Options;

namespace FileSearch.Server.Api;

/// <summary>
/// The indexed documents as duplicate candidates (hash, text signature, path, permissions; no text), read from the metadata
/// store at most once per <see cref="ServerOptions.DuplicatesCacheSeconds"/> and shared by the requests meanwhile, with the
/// links between near-duplicate images (one k-NN lookup per image over all documents, kept from one reading to the next
/// for images that have not changed; at most <see cref="ServerOptions.DuplicateImageLookupSeconds"/> of new lookups per
/// reading, the rest left to the next readings) and the collapse groups of each caller's view. Callers trim the list to what each
/// user may read, and check the members they answer with against the current records.
/// </summary>
public sealed class DuplicateCandidates(IMetadataStore metadata, ISearchIndex index, TimeProvider time, IOptions<ServerOptions> options) : IDisposable
{
    private const int MaxViews = 64;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ImageNeighbourCache _images = new();
    private Snapshot? _snapshot;

    /// <summary>A candidate and the permissions of its record.</summary>
    public sealed record Entry(DuplicateCandidate Candidate, DocumentPermissions? Permissions);

    private sealed record Snapshot(IReadOnlyList<Entry> Entries, IReadOnlyList<ImageLink> ImageLinks, long ReadAt)
    {
        /// <summary>Collapse groups per caller view and mode, computed once per snapshot (a few callers at most are kept).</summary>
        public ConcurrentDictionary<string, IReadOnlyDictionary<DocumentId, CollapseGroup>> Groups { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>Every indexed document's candidate, at most the configured age.</summary>
    public async Task<IReadOnlyList<Entry>> GetAsync(CancellationToken cancellationToken) =>
        (await SnapshotAsync(cancellationToken).ConfigureAwait(false)).Entries;

    /// <summary>
    /// Every image's nearest images with their cosine similarity (any, the threshold is the caller's), over all documents:
    /// trimmed to a caller's view by the candidates it is used with.
    /// </summary>
    public async Task<IReadOnlyList<ImageLink>> ImageLinksAsync(CancellationToken cancellationToken) =>
        (await SnapshotAsync(cancellationToken).ConfigureAwait(false)).ImageLinks;

    /// <summary>The collapse groups among the documents <paramref name="caller"/> may read (<see cref="SearchCollapse.Groups"/>).</summary>
    public async Task<IReadOnlyDictionary<DocumentId, CollapseGroup>> GroupsAsync(Caller caller, CollapseMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var snapshot = await SnapshotAsync(cancellationToken).ConfigureAwait(false);
        var key = $"{mode}|{caller.IsAdmin}|{string.Join('\n', caller.Principals())}";
        if (snapshot.Groups.TryGetValue(key, out var groups))
        {
            return groups;
        }

        if (snapshot.Groups.Count >= MaxViews)
        {
            snapshot.Groups.Clear();
        }

        groups = SearchCollapse.Groups(Readable(snapshot.Entries, caller), mode, snapshot.ImageLinks);
        snapshot.Groups[key] = groups;
        return groups;
    }

    private async Task<Snapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var maxAge = TimeSpan.FromSeconds(options.Value.DuplicatesCacheSeconds);
        if (_snapshot is { } fresh && time.GetElapsedTime(fresh.ReadAt) < maxAge)
        {
            return fresh;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_snapshot is { } again && time.GetElapsedTime(again.ReadAt) < maxAge)
            {
                return again;
            }

            var started = time.GetTimestamp();
            var entries = new List<Entry>();
            await foreach (var record in metadata.ListByStatusAsync(DocumentStatus.Indexed, cancellationToken).ConfigureAwait(false))
            {
                entries.Add(new Entry(DuplicateCandidate.From(record), record.Permissions));
            }

            var links = await ImageNeighbours.FindAsync(index, entries.Select(e => e.Candidate), null, 0, cancellationToken, cache: _images,
                budget: TimeSpan.FromSeconds(options.Value.DuplicateImageLookupSeconds), time: time).ConfigureAwait(false);
            _snapshot = new Snapshot(entries, links, started);
            return _snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The candidates <paramref name="caller"/> may read.</summary>
    public static List<DuplicateCandidate> Readable(IEnumerable<Entry> entries, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(caller);
        var principals = caller.Principals();
        return [.. entries.Where(e => AccessDecision.For(e.Permissions, principals, caller.IsAdmin).Allowed).Select(e => e.Candidate)];
    }

    public void Dispose() => _gate.Dispose();
}
