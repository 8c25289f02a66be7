using System.Collections.Concurrent;
using FileSearch.Core.Domain;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace FileSearch.Search.Lucene.Internals.Vectors;

/// <summary>
/// Per index segment, the vector store row of each of its documents (-1: none), so a filter becomes a pass over integers.
/// A segment's map is built once, from its id terms (one id lookup in the store per document with a vector), and kept
/// while the segment is open: segments never change, and deletions are left to the segment's live documents. What
/// changes is the store (a document given a row, a row freed, a reset): a map remembers the store version it matches
/// and is brought up to date from the store's latest changes (one id term seek per change) when it is used, or built
/// again when it is older than they go back or when they outnumber a quarter of the segment's documents.
/// Used only while the store holds its lock (from <see cref="IRowFilter"/>): maps are never read and updated at once.
/// Memory: 4 bytes per document of each open segment (deleted ones included), whether it has a vector or not.
/// </summary>
internal sealed class DocumentRows
{
    private readonly ConcurrentDictionary<object, SegmentMap> _segments = new();
    private readonly Forgetter _forgetter;

    public DocumentRows() => _forgetter = new Forgetter(_segments);

    /// <summary>Segments with a map.</summary>
    public int Segments => _segments.Count;

    /// <summary>Bytes held by the maps.</summary>
    public long ResidentBytes => _segments.Values.Sum(s => s.Rows.Length * 4L);

    /// <summary>Maps built from a segment's every document so far (for tests and measurements).</summary>
    public int FullBuilds { get; private set; }

    /// <summary>The row of each document of the segment, up to date with <paramref name="store"/>.</summary>
    public int[] For(AtomicReader segment, VectorStore.StoreRows store)
    {
        var key = segment.CoreCacheKey;
        if (!_segments.TryGetValue(key, out var map))
        {
            map = Build(segment, store);
            _segments[key] = map;
            if (segment is SegmentReader reader)
            {
                reader.AddCoreDisposedListener(_forgetter);
            }

            return map.Rows;
        }

        if (map.Owner == store.Owner && map.Version == store.Version)
        {
            return map.Rows;
        }

        if (map.Owner != store.Owner || map.Version < store.OldestVersion || store.Version - map.Version > segment.MaxDoc / 4)
        {
            map = Build(segment, store);
            _segments[key] = map;
            return map.Rows;
        }

        Update(segment, map, store);
        return map.Rows;
    }

    private SegmentMap Build(AtomicReader segment, VectorStore.StoreRows store)
    {
        FullBuilds++;
        var rows = new int[segment.MaxDoc];
        Array.Fill(rows, -1);
        var terms = segment.GetTerms(IndexFields.Id)?.GetEnumerator();
        DocsEnum? docs = null;
        while (terms is not null && terms.MoveNext())
        {
            if (!DocumentId.TryParse(terms.Term.Utf8ToString(), out var id) || store.RowOf(id) is var row && row < 0)
            {
                continue;
            }

            docs = terms.Docs(null, docs, DocsFlags.NONE);
            for (var doc = docs.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.NextDoc())
            {
                rows[doc] = row;
            }
        }

        return new SegmentMap(store.Owner, store.Version, rows);
    }

    private static void Update(AtomicReader segment, SegmentMap map, VectorStore.StoreRows store)
    {
        var terms = segment.GetTerms(IndexFields.Id)?.GetEnumerator();
        if (terms is not null)
        {
            DocsEnum? docs = null;
            foreach (var (id, row) in store.ChangesSince(map.Version))
            {
                if (!terms.SeekExact(new BytesRef(id.Value)))
                {
                    continue;
                }

                docs = terms.Docs(null, docs, DocsFlags.NONE);
                for (var doc = docs.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.NextDoc())
                {
                    map.Rows[doc] = row;
                }
            }
        }

        map.Version = store.Version;
    }

    private sealed class SegmentMap(object owner, long version, int[] rows)
    {
        public object Owner { get; } = owner;

        public long Version { get; set; } = version;

        public int[] Rows { get; } = rows;
    }

    /// <summary>Drops a segment's map when the segment is closed for good (by the last reader holding it).</summary>
    private sealed class Forgetter(ConcurrentDictionary<object, SegmentMap> segments) : SegmentReader.ICoreDisposedListener
    {
        public void OnDispose(object ownerCoreCacheKey) => segments.TryRemove(ownerCoreCacheKey, out _);
    }
}
