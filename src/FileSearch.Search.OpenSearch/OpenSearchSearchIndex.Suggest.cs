using System.Net;
using System.Text.Json.Nodes;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Search.OpenSearch.Internals;

namespace FileSearch.Search.OpenSearch;

/// <summary>Search-as-you-type suggestions and whole-text highlighting through the cluster's own analysis.</summary>
public sealed partial class OpenSearchSearchIndex
{
    /// <summary>
    /// Characters of text sent per <c>_analyze</c> request: below the cluster's default <c>index.analyze.max_token_count</c>
    /// (10,000) whatever the analysis emits per character.
    /// </summary>
    internal const int AnalyzeChunkChars = 5000;

    private const string TextField = "text";

    private const string NormalizedTextField = "text.norm";

    /// <summary>How far back from a chunk's end a whitespace or punctuation boundary is looked for.</summary>
    private const int ChunkBoundarySearch = 200;

    /// <inheritdoc/>
    /// <remarks>
    /// One <c>_search</c> of size 0 with two aggregations: file names by a prefix query on <c>name.suggest</c> (the name
    /// folded by the <c>fs_fold</c> normaliser: width and case; the prefix is NFKC and lower-cased here), words by
    /// the terms of the <c>text</c> field (kuromoji base forms) matching the prefix. Counts are documents.
    /// </remarks>
    public async Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int limit, Visibility? visibility, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var key = SuggestionRules.Key(prefix);
        if (key.Length == 0 || limit <= 0)
        {
            return [];
        }

        limit = Math.Min(limit, SuggestionRules.MaxSuggestions);
        await EnsureIndexAsync(cancellationToken).ConfigureAwait(false);
        var (status, response) = await _transport.SendAsync(HttpMethod.Post, $"/{_options.IndexName}/_search",
            RequestBodies.Suggest(key, limit, visibility), cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.BadRequest && response is not null && response.ToJsonString().Contains("fielddata", StringComparison.OrdinalIgnoreCase))
        {
            // An index created before word suggestions: its text field has no field data to aggregate.
            Log.MappingOutdated(_logger, _options.IndexName);
            throw ProcessingException.Permanent("index-mapping-outdated",
                $"The OpenSearch index {_options.IndexName} was created with an older mapping that cannot suggest words; run ./filesearch reindex --all");
        }

        ThrowUnlessSuccess(status, response, "suggest");
        return ResponseParser.Suggestions(response!, limit);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The query's words (operators, negated words and quotes left out; <c>word*</c> a prefix) and the text are analysed
    /// by the cluster with the <c>text</c> field's analyser (<c>_analyze</c>), the text in chunks of
    /// <see cref="AnalyzeChunkChars"/> cut at whitespace or punctuation where possible; tokens whose term the query has are
    /// marked at their offsets, which point into the text as given (the analyser folds width itself). The same is done with
    /// <c>text.norm</c>, so a word typed in another spelling (高橋, ウィンドウ) marks the text's own (髙橋, ウインドウ).
    /// </remarks>
    public async Task<IReadOnlyList<SnippetPart>> HighlightAsync(string queryText, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queryText);
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        var (words, prefixes) = HighlightWords(queryText);
        if (words.Count == 0 && prefixes.Count == 0)
        {
            return [new SnippetPart(text, false)];
        }

        await EnsureIndexAsync(cancellationToken).ConfigureAwait(false);
        var marks = new List<(int, int)>();
        await MarkAsync(TextField, words, prefixes, text, marks, cancellationToken).ConfigureAwait(false);

        // The normalised field marks the document's own spelling of a word typed in another (髙橋 for 高橋); prefixes are
        // typed text, compared with the text field's terms only.
        await MarkAsync(NormalizedTextField, words, [], text, marks, cancellationToken).ConfigureAwait(false);
        return HighlightParts.Split(text, marks);
    }

    /// <summary>The words a query asks for (for <see cref="HighlightAsync"/>): no operators, no negated words; <c>x*</c> as prefixes.</summary>
    internal static (List<string> Words, List<string> Prefixes) HighlightWords(string queryText)
    {
        var words = new List<string>();
        var prefixes = new List<string>();
        var negate = false;
        foreach (var raw in queryText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (raw is "AND" or "OR")
            {
                continue;
            }

            if (raw == "NOT")
            {
                negate = true;
                continue;
            }

            var word = raw.Trim('"', '(', ')', '+');
            if (negate || word.StartsWith('-') || word.Length == 0)
            {
                negate = false;
                continue;
            }

            if (word.EndsWith('*') && word.TrimEnd('*') is { Length: > 0 } stem)
            {
                prefixes.Add(SuggestionRules.Key(stem));
            }
            else
            {
                words.Add(word);
            }
        }

        return (words, prefixes);
    }

    /// <summary>Where the chunk starting at <paramref name="start"/> ends: after whitespace or punctuation near the limit, never inside a surrogate pair.</summary>
    internal static int ChunkEnd(string text, int start)
    {
        var end = Math.Min(text.Length, start + AnalyzeChunkChars);
        if (end == text.Length)
        {
            return end;
        }

        for (var i = end - 1; i > end - ChunkBoundarySearch; i--)
        {
            if (char.IsWhiteSpace(text[i]) || char.IsPunctuation(text[i]))
            {
                return i + 1;
            }
        }

        return char.IsLowSurrogate(text[end]) ? end - 1 : end;
    }

    /// <summary>Adds to <paramref name="marks"/> the tokens of <paramref name="text"/> (analysed as <paramref name="field"/>) the query asks for.</summary>
    private async Task MarkAsync(string field, List<string> words, List<string> prefixes, string text, List<(int, int)> marks, CancellationToken cancellationToken)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        if (words.Count > 0)
        {
            foreach (var token in await AnalyzeAsync(field, string.Join(' ', words), cancellationToken).ConfigureAwait(false))
            {
                terms.Add(token.Token);
            }
        }

        if (terms.Count == 0 && prefixes.Count == 0)
        {
            return;
        }

        for (var start = 0; start < text.Length;)
        {
            var end = ChunkEnd(text, start);
            foreach (var (token, from, to) in await AnalyzeAsync(field, text[start..end], cancellationToken).ConfigureAwait(false))
            {
                if (terms.Contains(token) || prefixes.Exists(p => token.StartsWith(p, StringComparison.Ordinal)))
                {
                    marks.Add((start + from, start + to));
                }
            }

            start = end;
        }
    }

    private async Task<IReadOnlyList<(string Token, int Start, int End)>> AnalyzeAsync(string field, string text, CancellationToken cancellationToken)
    {
        var (status, response) = await _transport.SendAsync(HttpMethod.Post, $"/{_options.IndexName}/_analyze",
            RequestBodies.Analyze(field, text), cancellationToken).ConfigureAwait(false);
        ThrowUnlessSuccess(status, response, "analyze");
        return [.. ResponseParser.Tokens(response ?? new JsonObject())];
    }
}
