using FileSearch.Search.Lucene.Internals;

namespace FileSearch.Search.Lucene.Tests.Variants;

[Trait("Category", "Integration")]
public sealed class NormalizedFieldAnalysisTests(VariantsFixture fixture) : IClassFixture<VariantsFixture>
{
    [Theory]
    [InlineData("申し込み", "申込み")]
    [InlineData("申し込み", "申込")]
    [InlineData("問い合わせ", "問合せ")]
    [InlineData("取り扱い", "取扱い")]
    [InlineData("取り扱い", "取扱")]
    [InlineData("見積り", "見積")]
    [InlineData("高橋", "髙橋")]
    [InlineData("山崎", "山﨑")]
    [InlineData("ウィンドウ", "ウインドウ")]
    [InlineData("ヴァイオリン", "バイオリン")]
    public void Analyze_NormalizedField_VariantsGiveOneTerm(string one, string other)
    {
        Assert.Equal(Terms(one, IndexFields.TextNorm), Terms(other, IndexFields.TextNorm));
    }

    [Fact]
    public void Analyze_NormalizedField_ProperNounsKeepTheirSpelling()
    {
        // UniDic's lemma of a surname is its reading: 高橋 and 高梁 would meet on タカハシ.
        Assert.NotEqual(Terms("高橋", IndexFields.TextNorm), Terms("高梁", IndexFields.TextNorm));
    }

    [Fact]
    public void Analyze_NormalizedField_OffsetsPointAtTheOriginalSpelling()
    {
        const string text = "本日、髙橋部長へヴァイオリンの申込書";
        var surfaces = AnalyzedTokens.Of(fixture.Analysis, text, IndexFields.TextNorm).Select(t => $"{t.Term}={text[t.Start..t.End]}").ToList();
        Assert.Contains("高橋=髙橋", surfaces);
        Assert.Contains(surfaces, s => s.EndsWith("=ヴァイオリン", StringComparison.Ordinal));
    }

    private List<string> Terms(string text, string field) => AnalyzedTokens.Terms(fixture.Analysis, text, field);
}
