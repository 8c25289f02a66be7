using FileSearch.Core.Text;

namespace FileSearch.Core.Tests.Text;

[Trait("Category", "Unit")]
public class TextNormalizerTests
{
    [Theory]
    [InlineData("ＡＢＣ１２３", "ABC123")]
    [InlineData("ｶﾀｶﾅ", "カタカナ")]
    [InlineData("㈱東京", "(株)東京")]
    [InlineData("a  \t b", "a b")]
    [InlineData("line1   \n  line2\n", "line1\nline2\n")]
    [InlineData("x\u0000y\u000Cz", "xy z")]
    [InlineData("", "")]
    [InlineData("😀ok", "😀ok")]
    public void NormalizeForIndex_Input_FoldsWidthAndWhitespace(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.NormalizeForIndex(input));
    }

    [Theory]
    [InlineData("業務委託契\n約書", "業務委託契約書")]
    [InlineData("データベ\nース", "データベース")]
    [InlineData("コンピュー  \n  ター", "コンピューター")]
    [InlineData("情報セキュ\r\nリティ", "情報セキュリティ")]
    [InlineData("とい う", "という")]
    [InlineData("キ ュ リ テ ィ。", "キュリティ。")]
    [InlineData("山田\u3000太郎", "山田太郎")]
    [InlineData("𠮷野\n家", "𠮷野家")]
    public void NormalizeForIndex_JapaneseRunOn_WrapsAndSpuriousSpacesRemoved(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.NormalizeForIndex(input));
    }

    [Theory]
    [InlineData("品目\t数量", "品目 数量")]
    [InlineData("第一段落\n\n第二段落", "第一段落\n\n第二段落")]
    [InlineData("日本語\nEnglish", "日本語\nEnglish")]
    [InlineData("word\nwrap", "word\nwrap")]
    [InlineData("東京 Tokyo 大阪", "東京 Tokyo 大阪")]
    public void NormalizeForIndex_NotJapaneseRunOn_BreaksAndSeparatorsKept(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.NormalizeForIndex(input));
    }

    [Fact]
    public void NormalizeForIndex_LoneSurrogates_ReplacedInsteadOfThrowing()
    {
        // Built in code: xunit's test-case serialisation would mangle lone surrogates in InlineData.
        var input = "a" + '\uD800' + "b" + '\uDC00';

        Assert.Equal("a\uFFFDb\uFFFD", TextNormalizer.NormalizeForIndex(input));
    }
}
