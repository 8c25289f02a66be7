using Lucene.Net.Analysis.TokenAttributes;

namespace FileSearch.Search.Lucene.Tests;

[Trait("Category", "Unit")]
public class CjkBigramTextAnalysisTests
{
    private static IReadOnlyList<(string Term, int Position)> Tokens(AnalysisPurpose purpose, string text)
    {
        using var analyzer = new CjkBigramTextAnalysis().CreateAnalyzer(purpose);
        using var stream = analyzer.GetTokenStream("text", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var tokens = new List<(string, int)>();
        var position = -1;
        stream.Reset();
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            tokens.Add((term.ToString(), position));
        }

        stream.End();
        return tokens;
    }

    [Fact]
    public void CreateAnalyzer_Query_EmitsBigramsOnly()
    {
        Assert.Equal([("営業", 0), ("業報", 1), ("報告", 2)], Tokens(AnalysisPurpose.Query, "営業報告"));
    }

    [Fact]
    public void CreateAnalyzer_Index_EmitsUnigramsAtBigramPositions()
    {
        var tokens = Tokens(AnalysisPurpose.Index, "営業報告書");

        Assert.Contains(("営業", 0), tokens);
        Assert.Contains(("業報", 1), tokens);
        Assert.Contains(("報告", 2), tokens);
        Assert.Contains(("告書", 3), tokens);
        Assert.Contains(("営", 0), tokens);
        Assert.Contains(("書", 4), tokens);
    }

    [Fact]
    public void CreateAnalyzer_Query_SingleKanjiIsAUnigram()
    {
        Assert.Equal([("株", 0)], Tokens(AnalysisPurpose.Query, "株"));
    }

    [Theory]
    [InlineData("ｶﾀｶﾅ", "カタカナ")]
    [InlineData("ＡＢＣ", "abc")]
    [InlineData("Reports", "report")]
    [InlineData("reporting", "report")]
    [InlineData("John's", "john")]
    public void CreateAnalyzer_WidthCaseAndEnglishForms_FoldToTheSameTerms(string input, string equivalent)
    {
        Assert.Equal(
            Tokens(AnalysisPurpose.Query, equivalent).Select(t => t.Term),
            Tokens(AnalysisPurpose.Query, input).Select(t => t.Term));
    }

    [Fact]
    public void CreateAnalyzer_MixedScripts_SplitsLatinFromJapanese()
    {
        var terms = Tokens(AnalysisPurpose.Query, "PDF営業レポート reports").Select(t => t.Term);

        // Adjacent han and katakana form a bigram too (業レ): script changes inside Japanese are not word breaks.
        Assert.Equal(["pdf", "営業", "業レ", "レポ", "ポー", "ート", "report"], terms);
    }

    [Theory]
    [InlineData("ｶﾀｶﾅ", "カタカナ")]
    [InlineData("ＡＢＣ　１２３", "ABC 123")]
    [InlineData("plain", "plain")]
    public void NormalizeQuery_CompatibilityForms_AreNfkcFolded(string input, string expected)
    {
        Assert.Equal(expected, new CjkBigramTextAnalysis().NormalizeQuery(input));
    }

    [Fact]
    public void NormalizeQuery_LoneSurrogates_BecomeReplacementCharacters()
    {
        var analysis = new CjkBigramTextAnalysis();

        Assert.Equal("bad\uFFFDsurrogate", analysis.NormalizeQuery("bad\uD800surrogate"));
        Assert.Equal("\uFFFDｶ".Normalize(System.Text.NormalizationForm.FormKC), analysis.NormalizeQuery("\uDC00ｶ"));
        Assert.Equal("x\uFFFD", analysis.NormalizeQuery("x\uD83D"));
        Assert.Equal("😀", analysis.NormalizeQuery("😀"));
    }

    [Fact]
    public void NameAndVersion_IdentifyTheAnalysis()
    {
        var analysis = new CjkBigramTextAnalysis();

        Assert.Equal("cjk-bigram", analysis.Name);
        Assert.Equal(1, analysis.Version);
    }
}
