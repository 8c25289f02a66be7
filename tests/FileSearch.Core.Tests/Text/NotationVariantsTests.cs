using FileSearch.Core.Text;

namespace FileSearch.Core.Tests.Text;

[Trait("Category", "Unit")]
public sealed class NotationVariantsTests
{
    [Theory]
    [InlineData("髙橋部長", "高橋部長")]
    [InlineData("山﨑", "山崎")]
    [InlineData("澤田と渡邊", "沢田と渡辺")]
    [InlineData("ウィンドウ", "ウインドウ")]
    [InlineData("ヴァイオリンとヴィデオ", "バイオリンとビデオ")]
    [InlineData("ヴ", "ブ")]
    [InlineData("葛\U000E0100城", "葛城")]
    [InlineData("高橋 申し込み", "高橋 申込")]
    [InlineData("髙橋様の申し込み書", "高橋様の申込書")]
    [InlineData("", "")]
    public void Fold_Variants_GiveTheStandardSpelling(string text, string expected)
    {
        Assert.Equal(expected, NotationVariants.Fold(text));
    }

    [Theory]
    [InlineData("申し込み", "申込み", "申込")]
    [InlineData("問い合わせ", "問合せ", "問い合せ")]
    [InlineData("取り扱い", "取扱い", "取扱")]
    [InlineData("見積もり", "見積り", "見積")]
    [InlineData("打ち合わせ", "打合せ", "打ち合せ")]
    [InlineData("受け付け", "受付け", "受付")]
    public void Fold_OkuriganaSpellings_Meet(string first, string second, string third)
    {
        Assert.Equal(NotationVariants.Fold(first), NotationVariants.Fold(second));
        Assert.Equal(NotationVariants.Fold(first), NotationVariants.Fold(third));
    }

    [Theory]
    [InlineData("見積もりを送る", "見積を送る")]
    [InlineData("取り扱い説明書", "取扱説明書")]
    [InlineData("申込", "申込")]
    [InlineData("話し合いの場", "話し合の場")]
    [InlineData("話します", "話します")]
    [InlineData("上がり", "上がり")]
    public void FoldOkurigana_LongestSpellingFirst_FoldsWholeSpellingOnly(string text, string expected)
    {
        Assert.Equal(expected, NotationVariants.FoldOkurigana(text));
    }

    [Fact]
    public void OkuriganaVariants_GeneratedTable_TargetsAreNeverFoldedAgainAndKeepTheKanji()
    {
        Assert.True(NotationVariants.OkuriganaVariants.Count > 1000);
        Assert.DoesNotContain(NotationVariants.OkuriganaVariants.Values, NotationVariants.OkuriganaVariants.ContainsKey);
        Assert.All(NotationVariants.OkuriganaVariants, p =>
        {
            Assert.True(p.Value.Length <= p.Key.Length, p.Key);
            Assert.Equal(Kanji(p.Key), Kanji(p.Value));
            Assert.Equal(p.Value, NotationVariants.Fold(p.Key));
        });

        static string Kanji(string s) => string.Concat(s.Where(c => c is not (>= '\u3041' and <= '\u309F')));
    }

    [Fact]
    public void KanjiVariants_GeneratedTable_StandardFormsAreNeverFoldedAgain()
    {
        Assert.True(NotationVariants.KanjiVariants.Count > 1000);
        Assert.DoesNotContain(NotationVariants.KanjiVariants.Values, NotationVariants.KanjiVariants.ContainsKey);
    }

    [Fact]
    public void Mappings_KatakanaRules_LongerRuleBeforeItsPrefix()
    {
        var order = NotationVariants.Mappings.Select(m => m.Key).ToList();
        Assert.True(order.IndexOf("ヴァ") < order.IndexOf("ヴ"));
    }
}
