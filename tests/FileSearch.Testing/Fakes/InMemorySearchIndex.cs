using System.Collections.Concurrent;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;

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

    public Task IndexAsync(IndexDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ThrowIfUnavailable();
        _pendingDeletes.TryRemove(document.Id, out _);
        _pending[document.Id] = document;
        return Task.CompletedTask;
    }

    public Task DeleteAsync(DocumentId id, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        _pending.TryRemove(id, out _);
        _pendingDeletes[id] = 0;
        return Task.CompletedTask;
    }

    public Task CommitAsync(CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
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
        return Task.CompletedTask;
    }

    public Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ThrowIfUnavailable();
        var hits = _committed.Values
            .Where(d => d.Text.Contains(query.Text, StringComparison.OrdinalIgnoreCase) || d.Name.Contains(query.Text, StringComparison.OrdinalIgnoreCase))
            .Where(d => query.Kind is null || d.Kind.ShortName() == query.Kind)
            .OrderBy(d => d.Key, StringComparer.Ordinal)
            .ToList();
        var page = hits.Skip(query.Offset).Take(query.Limit)
            .Select(d => new SearchHit(d.Id, 1f, d.Name, d.Path, d.Kind, d.Size, d.Modified, [new SnippetPart(query.Text, true)]))
            .ToList();
        return Task.FromResult(new SearchResults(hits.Count, page));
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
