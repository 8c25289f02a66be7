using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Search.Lucene.Internals;

namespace FileSearch.Search.Lucene;

/// <summary>Search-as-you-type suggestions and whole-text highlighting.</summary>
public sealed partial class LuceneSearchIndex
{
    /// <inheritdoc/>
    /// <remarks>
    /// Names come from the <c>name_suggest</c> terms (normalised name, then the name as stored), words from the
    /// <c>text</c> field's terms (the main analysis: MeCab words, or bigrams and unigrams without MeCab; stemmed English).
    /// Counts are Lucene document frequencies, which include deleted documents until their segment is merged.
    /// </remarks>
    public Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int limit, Visibility? visibility, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ThrowIfDisposed();
        var key = SuggestionRules.Key(prefix);
        if (key.Length == 0 || limit <= 0)
        {
            return Task.FromResult<IReadOnlyList<Suggestion>>([]);
        }

        return Task.Run(
            () =>
            {
                var searchers = _store.Searchers();
                if (searchers is null)
                {
                    return [];
                }

                var searcher = searchers.Acquire();
                try
                {
                    return Suggester.Find(
                        searcher.IndexReader, key, Math.Min(limit, SuggestionRules.MaxSuggestions), visibility is null ? null : _visibility.For(visibility));
                }
                finally
                {
                    searchers.Release(searcher);
                }
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The text is normalised (NFKC) and analysed like indexed text, each mark mapped back to the original characters, so
    /// ＡＢＣ and ｹｲﾔｸ are marked for abc and ケイヤク. Linear in the text's length; no length cap.
    /// </remarks>
    public Task<IReadOnlyList<SnippetPart>> HighlightAsync(string queryText, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queryText);
        ArgumentNullException.ThrowIfNull(text);
        ThrowIfDisposed();
        if (text.Length == 0)
        {
            return Task.FromResult<IReadOnlyList<SnippetPart>>([]);
        }

        return Task.Run<IReadOnlyList<SnippetPart>>(
            () =>
            {
                var fields = SnippetTerms(_queries.Parse(queryText, out _));
                if (fields.TrueForAll(f => f.Item2.IsEmpty))
                {
                    return [new SnippetPart(text, false)];
                }

                var normalized = NormalizedText.Create(text);
                var marks = new List<(int, int)>();
                foreach (var (field, terms) in fields)
                {
                    if (!terms.IsEmpty)
                    {
                        marks.AddRange(_snippets.Matches(normalized.Text, terms, field).Select(m => normalized.ToOriginal(m)).Select(m => (m.Start, m.End)));
                    }
                }

                return HighlightParts.Split(text, marks);
            },
            cancellationToken);
    }
}
