using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace FileSearch.Search.Lucene.Tests;

/// <summary>The tokens an analysis produces for a field: term and offsets, in order.</summary>
internal static class AnalyzedTokens
{
    public static List<(string Term, int Start, int End)> Of(ITextAnalysis analysis, string text, string field)
    {
        using var analyzer = analysis.CreateAnalyzer(AnalysisPurpose.Index);
        return Read(analyzer.GetTokenStream(field, text));
    }

    /// <summary>Reads <paramref name="stream"/> to its end (reset, tokens, end) and disposes it.</summary>
    public static List<(string Term, int Start, int End)> Read(TokenStream stream)
    {
        using (stream)
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            var offset = stream.AddAttribute<IOffsetAttribute>();
            var tokens = new List<(string, int, int)>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                tokens.Add((term.ToString(), offset.StartOffset, offset.EndOffset));
            }

            stream.End();
            return tokens;
        }
    }

    public static List<string> Terms(ITextAnalysis analysis, string text, string field) => [.. Of(analysis, text, field).Select(t => t.Term)];
}
