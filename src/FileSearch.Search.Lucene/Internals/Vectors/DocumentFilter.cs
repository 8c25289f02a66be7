using System.Numerics;
using FileSearch.Core.Domain;
using Lucene.Net.Search;

namespace FileSearch.Search.Lucene.Internals.Vectors;

/// <summary>
/// The rows of the documents a Lucene filter accepts in one searcher, as a bit set over the store's rows: one pass over
/// the filter's matches, each looked up in its segment's map of documents to rows (<see cref="DocumentRows"/>), integers
/// only. The bit set (one bit per row, 125 KB a million) is kept for the store version it was bound at, so the scans of a
/// rotated query and the count of its total share one pass.
/// </summary>
internal sealed class DocumentFilter(IndexSearcher searcher, Query filter, DocumentId? excluded, DocumentRows maps) : IRowFilter
{
    private (object Owner, long Version, ulong[] Bits)? _bound;

    public Func<int, bool> Bind(VectorStore.StoreRows rows)
    {
        var bits = Bits(rows);
        return row => (bits[row >> 6] & (1UL << row)) != 0;
    }

    public int Count(VectorStore.StoreRows rows)
    {
        var count = 0;
        foreach (var word in Bits(rows))
        {
            count += BitOperations.PopCount(word);
        }

        return count;
    }

    private ulong[] Bits(VectorStore.StoreRows rows)
    {
        if (_bound is { } bound && bound.Owner == rows.Owner && bound.Version == rows.Version)
        {
            return bound.Bits;
        }

        var bits = new ulong[(rows.Capacity + 63) >> 6];
        var weight = searcher.CreateNormalizedWeight(filter);
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            var scorer = weight.GetScorer(leaf, leaf.AtomicReader.LiveDocs);
            if (scorer is null)
            {
                continue;
            }

            var map = maps.For(leaf.AtomicReader, rows);
            for (var doc = scorer.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = scorer.NextDoc())
            {
                var row = map[doc];
                if (row >= 0)
                {
                    bits[row >> 6] |= 1UL << row;
                }
            }
        }

        if (excluded is { } id && rows.RowOf(id) is var own and >= 0)
        {
            bits[own >> 6] &= ~(1UL << own);
        }

        _bound = (rows.Owner, rows.Version, bits);
        return bits;
    }
}

/// <summary>Every row but one document's (a search by document, with no filter).</summary>
internal sealed class AllButDocument(DocumentId excluded) : IRowFilter
{
    public Func<int, bool> Bind(VectorStore.StoreRows rows)
    {
        var own = rows.RowOf(excluded);
        return row => row != own;
    }

    public int Count(VectorStore.StoreRows rows) => rows.Count - (rows.RowOf(excluded) >= 0 ? 1 : 0);
}
