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

    [Fact]
    public void NormalizeForIndex_LoneSurrogates_ReplacedInsteadOfThrowing()
    {
        // Built in code: xunit's test-case serialisation would mangle lone surrogates in InlineData.
        var input = "a" + '\uD800' + "b" + '\uDC00';

        Assert.Equal("a\uFFFDb\uFFFD", TextNormalizer.NormalizeForIndex(input));
    }
}
