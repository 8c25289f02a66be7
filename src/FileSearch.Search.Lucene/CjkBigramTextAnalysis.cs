using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Util;

namespace FileSearch.Search.Lucene;

/// <summary>
/// Default analysis for Japanese and English text without a dictionary:
/// StandardTokenizer (UAX#29) -> CJKWidthFilter -> LowerCaseFilter -> CJKBigramFilter (han, hiragana,
/// katakana) -> English possessive removal -> Porter stemming.
/// </summary>
/// <remarks>
/// The index side also emits CJK unigrams (at the position of each bigram's first character) so a
/// one-character query such as 株 finds 株式会社; the query side emits bigrams only, so 営業 matches
/// the bigram 営業 and not the separate characters 営 and 業, and multi-character words become
/// phrases of bigrams whose positions line up with the index. A lone CJK character in a query is
/// emitted as a unigram by the bigram filter itself. Queries are NFKC-normalised like indexed text.
/// </remarks>
public sealed class CjkBigramTextAnalysis : ITextAnalysis
{
    internal const LuceneVersion Compatibility = LuceneVersion.LUCENE_48;

    public string Name => "cjk-bigram";

    public int Version => 1;

    public Analyzer CreateAnalyzer(AnalysisPurpose purpose)
    {
        var unigrams = purpose == AnalysisPurpose.Index;
        return Analyzer.NewAnonymous((_, reader) =>
        {
            var tokenizer = new StandardTokenizer(Compatibility, reader);
            TokenStream stream = new CJKWidthFilter(tokenizer);
            stream = new LowerCaseFilter(Compatibility, stream);
            stream = new CJKBigramFilter(stream, CJKScript.HAN | CJKScript.HIRAGANA | CJKScript.KATAKANA, unigrams);
            stream = new EnglishPossessiveFilter(Compatibility, stream);
            stream = new PorterStemFilter(stream);
            return new TokenStreamComponents(tokenizer, stream);
        });
    }

    public string NormalizeQuery(string text) => Internals.Nfkc.Normalize(text);
}
