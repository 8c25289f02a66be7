using FileSearch.Core.Security;
using Lucene.Net.Search;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>
/// The visibility filters of the most recent callers, each caching its bit set per index segment
/// (<see cref="CachingWrapperFilter"/>): a caller's next query, page or facet click reuses the bits of every segment
/// that has not changed, and only new segments are computed. Least recently used principal sets are dropped first.
/// </summary>
internal sealed class VisibilityFilterCache(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, Filter Filter)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, Filter Filter)> _recent = new();

    public Filter For(Visibility visibility)
    {
        var filter = new VisibilityFilter(visibility);
        if (capacity <= 0)
        {
            return filter;
        }

        lock (_gate)
        {
            if (_entries.TryGetValue(filter.Key, out var node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                return node.Value.Filter;
            }

            var cached = new CachingWrapperFilter(filter);
            _entries[filter.Key] = _recent.AddFirst((filter.Key, cached));
            while (_entries.Count > capacity && _recent.Last is { } oldest)
            {
                _recent.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }

            return cached;
        }
    }
}
