using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>Prefix scans of the term dictionaries behind <see cref="LuceneSearchIndex.SuggestAsync"/>.</summary>
internal static class Suggester
{
    /// <summary>Terms read per field at most: bounds a one-letter prefix on a large index.</summary>
    internal const int MaxScannedTerms = 100_000;

    /// <param name="reader">The searcher's reader.</param>
    /// <param name="key">The prefix, normalised as <see cref="SuggestionRules.Key"/> (names are indexed with <see cref="IndexFields.SuggestKey"/>).</param>
    /// <param name="limit">How many to return.</param>
    /// <param name="visible">Only documents this query matches count (a caller's visibility), or null for all.</param>
    public static IReadOnlyList<Suggestion> Find(IndexReader reader, string key, int limit, Filter? visible = null)
    {
        // With a visibility, the most frequent terms overall are candidates, recounted over the visible documents: a
        // suggestion never names a word or file only invisible documents hold, and its count is of visible ones.
        var candidates = visible is null ? limit : limit * VisibleCandidateFactor;
        var found = new List<(string Field, BytesRef Term, Suggestion Suggestion)>();
        Scan(reader, IndexFields.NameSuggest, key, candidates, SuggestionSource.Name, found, static term =>
        {
            var separator = term.IndexOf(IndexFields.NameSuggestSeparator, StringComparison.Ordinal);
            return separator < 0 ? null : term[(separator + 1)..];
        });
        Scan(reader, IndexFields.Text, key, candidates, SuggestionSource.Term, found, static term => term);
        if (visible is null)
        {
            return SuggestionRules.Top([.. found.Select(f => f.Suggestion)], limit);
        }

        var bits = VisibleDocuments(reader, visible);
        var counted = new List<Suggestion>(found.Count);
        foreach (var (field, term, suggestion) in found)
        {
            var count = CountVisible(reader, field, term, bits);
            if (count > 0)
            {
                counted.Add(suggestion with { Documents = count });
            }
        }

        return SuggestionRules.Top(counted, limit);
    }

    /// <summary>Candidates per suggestion asked for when only visible documents count.</summary>
    internal const int VisibleCandidateFactor = 8;

    /// <summary>Per leaf, the documents <paramref name="visible"/> matches (live ones only).</summary>
    private static FixedBitSet[] VisibleDocuments(IndexReader reader, Filter visible)
    {
        var leaves = reader.Leaves;
        var bits = new FixedBitSet[leaves.Count];
        for (var i = 0; i < leaves.Count; i++)
        {
            var leaf = leaves[i];
            bits[i] = new FixedBitSet(leaf.AtomicReader.MaxDoc);
            var iterator = visible.GetDocIdSet(leaf, leaf.AtomicReader.LiveDocs)?.GetIterator();
            if (iterator is not null)
            {
                bits[i].Or(iterator);
            }
        }

        return bits;
    }

    private static long CountVisible(IndexReader reader, string field, BytesRef term, FixedBitSet[] visible)
    {
        long count = 0;
        var leaves = reader.Leaves;
        for (var i = 0; i < leaves.Count; i++)
        {
            var terms = leaves[i].AtomicReader.GetTerms(field);
            var iterator = terms?.GetEnumerator();
            if (iterator is null || !iterator.SeekExact(term))
            {
                continue;
            }

            var docs = iterator.Docs(leaves[i].AtomicReader.LiveDocs, null, DocsFlags.NONE);
            for (var doc = docs.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.NextDoc())
            {
                if (visible[i].Get(doc))
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>
    /// Adds the field's <paramref name="limit"/> most frequent terms with the prefix (ties: first in term order). Only
    /// terms that enter the running top are decoded, so a prefix shared by 100,000 names costs a walk of the dictionary.
    /// </summary>
    private static void Scan(
        IndexReader reader, string field, string key, int limit, SuggestionSource source, List<(string Field, BytesRef Term, Suggestion Suggestion)> found,
        Func<string, string?> text)
    {
        var terms = MultiFields.GetTerms(reader, field);
        if (terms is null)
        {
            return;
        }

        var prefix = new BytesRef(key);
        var iterator = terms.GetEnumerator();
        if (iterator.SeekCeil(prefix) == TermsEnum.SeekStatus.END)
        {
            return;
        }

        // Min-heap on (documents, then later in term order first out), holding the best `limit` so far.
        var top = new PriorityQueue<(BytesRef Term, Suggestion Suggestion), (long Documents, int Sequence)>(limit + 1);
        var scanned = 0;
        do
        {
            var term = iterator.Term;
            if (!StringHelper.StartsWith(term, prefix) || ++scanned > MaxScannedTerms)
            {
                break;
            }

            var documents = (long)iterator.DocFreq;
            if (top.Count == limit && top.TryPeek(out _, out var lowest) && documents <= lowest.Documents)
            {
                continue;
            }

            if (text(term.Utf8ToString()) is { Length: > 0 } value)
            {
                top.Enqueue((BytesRef.DeepCopyOf(term), new Suggestion(value, source, documents)), (documents, -scanned));
                if (top.Count > limit)
                {
                    top.Dequeue();
                }
            }
        }
        while (iterator.MoveNext());

        found.AddRange(top.UnorderedItems.Select(i => (field, i.Element.Term, i.Element.Suggestion)));
    }
}
