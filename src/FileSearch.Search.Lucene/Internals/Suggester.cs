using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using Lucene.Net.Index;
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
    public static IReadOnlyList<Suggestion> Find(IndexReader reader, string key, int limit)
    {
        var found = new List<Suggestion>();
        Scan(reader, IndexFields.NameSuggest, key, limit, SuggestionSource.Name, found, static term =>
        {
            var separator = term.IndexOf(IndexFields.NameSuggestSeparator, StringComparison.Ordinal);
            return separator < 0 ? null : term[(separator + 1)..];
        });
        Scan(reader, IndexFields.Text, key, limit, SuggestionSource.Term, found, static term => term);
        return SuggestionRules.Top(found, limit);
    }

    /// <summary>
    /// Adds the field's <paramref name="limit"/> most frequent terms with the prefix (ties: first in term order). Only
    /// terms that enter the running top are decoded, so a prefix shared by 100,000 names costs a walk of the dictionary.
    /// </summary>
    private static void Scan(
        IndexReader reader, string field, string key, int limit, SuggestionSource source, List<Suggestion> found, Func<string, string?> text)
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
        var top = new PriorityQueue<Suggestion, (long Documents, int Sequence)>(limit + 1);
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
                top.Enqueue(new Suggestion(value, source, documents), (documents, -scanned));
                if (top.Count > limit)
                {
                    top.Dequeue();
                }
            }
        }
        while (iterator.MoveNext());

        found.AddRange(top.UnorderedItems.Select(i => i.Element));
    }
}
