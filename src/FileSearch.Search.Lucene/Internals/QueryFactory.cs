using Lucene.Net.Analysis;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>Turns the user's query text into a Lucene query; bad syntax degrades to plain words, never an error.</summary>
internal sealed class QueryFactory(Analyzer queryAnalyzer, ITextAnalysis analysis)
{
    /// <summary>Longer query text is cut: nobody types more, and it bounds parsing and clause counts.</summary>
    internal const int MaxQueryChars = 1000;

    private readonly Dictionary<string, float> _boosts = IndexFields.SearchBoosts(analysis);
    private readonly string[] _fields = [.. IndexFields.SearchBoosts(analysis).Keys];

    /// <summary>The parsed query before filters; the highlighter reads its terms.</summary>
    public Query Parse(string text, out bool usedFallback)
    {
        usedFallback = false;
        var normalized = analysis.NormalizeQuery(text).Trim();
        if (normalized.Length > MaxQueryChars)
        {
            normalized = normalized[..MaxQueryChars];
        }

        if (normalized.Length == 0)
        {
            return new MatchAllDocsQuery();
        }

        Query query;
        try
        {
            query = CreateParser().Parse(normalized);
        }
        catch (ParseException)
        {
            // The parser also reports lexer errors and too many clauses as ParseException.
            usedFallback = true;
            query = ParseAsPlainWords(normalized);
        }

        return WithPositiveClause(query);
    }

    private MultiFieldQueryParser CreateParser() =>
        new RecallAwareQueryParser(_fields, queryAnalyzer, _boosts, analysis as IRecallFieldAnalysis)
        {
            DefaultOperator = Operator.AND,

            // One typed word that analyses to several tokens (CJK bigrams, "e-mail") must match as a phrase,
            // otherwise 営業報告 would match any document containing 営業, 業報 and 報告 anywhere.
            AutoGeneratePhraseQueries = true,
            AllowLeadingWildcard = false,
        };

    private Query ParseAsPlainWords(string text)
    {
        // Escaping removes the syntax; lower-casing turns AND/OR/NOT into plain words (the analyzer lower-cases anyway).
        var escaped = QueryParserBase.Escape(text).ToLowerInvariant();
        try
        {
            return CreateParser().Parse(escaped);
        }
        catch (ParseException)
        {
            return new BooleanQuery();
        }
    }

    // A query of only NOT clauses matches nothing in Lucene; users expect "everything except".
    private static Query WithPositiveClause(Query query)
    {
        if (query is BooleanQuery { Clauses.Count: > 0 } boolean && boolean.Clauses.All(c => c.Occur == Occur.MUST_NOT))
        {
            boolean.Add(new MatchAllDocsQuery(), Occur.MUST);
        }

        return query;
    }
}
