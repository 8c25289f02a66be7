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
    [InlineData("高橋 申し込み", "高橋 申し込み")]
    [InlineData("", "")]
    public void Fold_Variants_GiveTheStandardSpelling(string text, string expected)
    {
        Assert.Equal(expected, NotationVariants.Fold(text));
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
