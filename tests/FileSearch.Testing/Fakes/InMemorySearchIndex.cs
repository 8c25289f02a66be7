using System.Collections.Concurrent;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;

namespace FileSearch.Testing.Fakes;

/// <summary>An in-memory index for pipeline unit tests: substring matching, committed writes tracked separately.</summary>
public sealed class InMemorySearchIndex : ISearchIndex
{
    private readonly ConcurrentDictionary<DocumentId, IndexDocument> _pending = new();
    private readonly ConcurrentDictionary<DocumentId, IndexDocument> _committed = new();
    private readonly ConcurrentDictionary<DocumentId, byte> _pendingDeletes = new();

    public int Commits { get; private set; }

    /// <summary>Simulates an outage: every call fails with a retryable error while true.</summary>
    public bool Unavailable { get; set; }

    public IReadOnlyCollection<IndexDocument> Committed => [.. _committed.Values];

    /// <summary>Writes skipped because the index held a newer version of the document.</summary>
    public int SupersededWrites { get; private set; }

    /// <summary>Called before each write (a test's way to end an attempt at a chosen document).</summary>
    public Action<IndexDocument>? BeforeIndex { get; set; }

    public Task IndexAsync(IndexDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        BeforeIndex?.Invoke(document);
        ThrowIfUnavailable();
        lock (_pending)
        {
            if (IsSuperseded(document.Id, document.Version))
            {
                SupersededWrites++;
                return Task.CompletedTask;
            }

            _pendingDeletes.TryRemove(document.Id, out _);
            _pending[document.Id] = document;
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(DocumentId id, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        lock (_pending)
        {
            _pending.TryRemove(id, out _);
            _pendingDeletes[id] = 0;
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(DocumentId id, DocumentVersion upTo, CancellationToken cancellationToken)
    {
        lock (_pending)
        {
            if (IsSuperseded(id, upTo))
            {
                SupersededWrites++;
                return Task.CompletedTask;
            }
        }

        return DeleteAsync(id, cancellationToken);
    }

    /// <summary>True when the entry the index holds for <paramref name="id"/> (written or committed) is newer than <paramref name="incoming"/>.</summary>
    private bool IsSuperseded(DocumentId id, DocumentVersion? incoming)
    {
        var current = _pending.TryGetValue(id, out var pending) ? pending
            : _pendingDeletes.ContainsKey(id) ? null
            : _committed.GetValueOrDefault(id);
        return incoming is { } i && current?.Version is { } stored && i.IsOlderThan(stored);
    }

    /// <summary>Awaited at the start of every commit (a slow disk or cluster); null: commits at once.</summary>
    public Func<CancellationToken, Task>? CommitGate { get; set; }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        if (CommitGate is { } gate)
        {
            await gate(cancellationToken).ConfigureAwait(false);
        }

        CommitNow();
    }

    private void CommitNow()
    {
        foreach (var id in _pendingDeletes.Keys)
        {
            _committed.TryRemove(id, out _);
            _pendingDeletes.TryRemove(id, out _);
        }

        foreach (var (id, doc) in _pending)
        {
            _committed[id] = doc;
            _pending.TryRemove(id, out _);
        }

        Commits++;
    }

    public Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ThrowIfUnavailable();
        var hits = _committed.Values
            .Where(d => d.Text.Contains(query.Text, StringComparison.OrdinalIgnoreCase) || d.Name.Contains(query.Text, StringComparison.OrdinalIgnoreCase))
            .Where(d => query.Kind is null || d.Kind.ShortName() == query.Kind)
            .Where(d => query.PathPrefix is null || d.Path.StartsWith(query.PathPrefix, StringComparison.Ordinal))
            .Where(d => (query.ModifiedFrom is null && query.ModifiedTo is null)
                || (d.Modified is { } m && (query.ModifiedFrom is null || m >= query.ModifiedFrom) && (query.ModifiedTo is null || m <= query.ModifiedTo)))
            .Where(d => (query.MinSize is null || d.Size >= query.MinSize) && (query.MaxSize is null || d.Size <= query.MaxSize))
            .Where(d => Visible(d, query.Visibility))
            .OrderBy(d => d.Key, StringComparer.Ordinal)
            .ToList();
        var page = hits.Skip(query.Offset).Take(query.Limit)
            .Select(d => new SearchHit(d.Id, 1f, d.Name, d.Path, d.Kind, d.Size, d.Modified, [new SnippetPart(query.Text, true)])
            {
                ParentId = d.ParentId,
                MemberPath = d.MemberPath,
            })
            .ToList();
        return Task.FromResult(new SearchResults(hits.Count, page)
        {
            Facets = query.IncludeFacets ? FacetRules.Count(hits, query.PathPrefix) : null,
        });
    }

    /// <summary>Names, and words (runs of letters and digits), that start with the prefix (NFKC, lower case).</summary>
    public Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int limit, Visibility? visibility, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ThrowIfUnavailable();
        var key = SuggestionRules.Key(prefix);
        if (key.Length == 0 || limit <= 0)
        {
            return Task.FromResult<IReadOnlyList<Suggestion>>([]);
        }

        var documents = _committed.Values.Where(d => Visible(d, visibility)).ToList();
        var names = documents.GroupBy(d => d.Name, StringComparer.Ordinal)
            .Where(g => SuggestionRules.Key(g.Key).StartsWith(key, StringComparison.Ordinal))
            .Select(g => new Suggestion(g.Key, SuggestionSource.Name, g.Count()));
        var words = documents.SelectMany(d => Words(d.Text).Distinct(StringComparer.Ordinal))
            .Where(w => w.StartsWith(key, StringComparison.Ordinal))
            .GroupBy(w => w, StringComparer.Ordinal)
            .Select(g => new Suggestion(g.Key, SuggestionSource.Term, g.Count()));
        return Task.FromResult(SuggestionRules.Top(names.Concat(words), limit));
    }

    /// <summary>Marks every occurrence of the whole query text (case-insensitive), as this fake's search matches.</summary>
    public Task<IReadOnlyList<SnippetPart>> HighlightAsync(string queryText, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queryText);
        ArgumentNullException.ThrowIfNull(text);
        var marks = new List<(int, int)>();
        for (var found = queryText.Length == 0 ? -1 : text.IndexOf(queryText, StringComparison.OrdinalIgnoreCase);
            found >= 0;
            found = text.IndexOf(queryText, found + queryText.Length, StringComparison.OrdinalIgnoreCase))
        {
            marks.Add((found, found + queryText.Length));
        }

        return Task.FromResult(HighlightParts.Split(text, marks));
    }

    /// <summary>Deny wins; no permission information: visible to unrestricted callers only.</summary>
    /// <summary>Exact cosine over the committed vectors of the document's model.</summary>
    public Task<IReadOnlyList<VectorNeighbour>> NearestAsync(DocumentId id, int limit, Visibility? visibility, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        if (!_committed.TryGetValue(id, out var target) || target.Vector is not { } vector)
        {
            return Task.FromResult<IReadOnlyList<VectorNeighbour>>([]);
        }

        IReadOnlyList<VectorNeighbour> nearest = [.. _committed.Values
            .Where(d => d.Id != id && d.Vector is not null && d.Vector.Value.Length == vector.Length && d.VectorModel == target.VectorModel && Visible(d, visibility))
            .Select(d => new VectorNeighbour(d.Id, Cosine(vector.Span, d.Vector!.Value.Span)))
            .OrderByDescending(n => n.Similarity).ThenBy(n => n.Id.Value, StringComparer.Ordinal)
            .Take(limit)];
        return Task.FromResult(nearest);
    }

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            (dot, na, nb) = (dot + ((double)a[i] * b[i]), na + ((double)a[i] * a[i]), nb + ((double)b[i] * b[i]));
        }

        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }

    private static bool Visible(IndexDocument document, Visibility? visibility) =>
        visibility is null || (document.Permissions is { } permissions && permissions.Allows(visibility.Principals));

    private static IEnumerable<string> Words(string text)
    {
        var start = -1;
        var folded = SuggestionRules.Key(text);
        for (var i = 0; i <= folded.Length; i++)
        {
            var inWord = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return folded[start..i];
                start = -1;
            }
        }
    }

    public Task<long> CountAsync(CancellationToken cancellationToken) => Task.FromResult((long)_committed.Count);

    /// <summary>Forgets everything, committed or not (an index folder replaced by an empty one).</summary>
    public void Clear()
    {
        _pending.Clear();
        _committed.Clear();
        _pendingDeletes.Clear();
    }

    private void ThrowIfUnavailable()
    {
        if (Unavailable)
        {
            throw ProcessingException.Retryable("index-unavailable", "The search index does not answer (simulated outage)");
        }
    }
}
