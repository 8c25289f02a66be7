using FileSearch.Testing.Ocr;

namespace FileSearch.Ocr.Tesseract.Tests;

[Trait("Category", "Unit")]
public sealed class CharacterErrorRateTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("吾輩は猫", "吾輩は猫", 0)]
    [InlineData("吾輩は猫", "吾輩猫", 1)]
    [InlineData("吾輩は猫", "吾輩は犬", 1)]
    [InlineData("吾輩は猫", "吾輩はの猫", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void Distance_TwoStrings_CountsInsertionsDeletionsAndSubstitutions(string a, string b, int expected)
    {
        Assert.Equal(expected, CharacterErrorRate.Distance(a, b));
        Assert.Equal(expected, CharacterErrorRate.Distance(b, a));
    }

    [Fact]
    public void Of_SpacesLineBreaksAndFullWidthForms_AreNotErrors()
    {
        Assert.Equal(0, CharacterErrorRate.Of("委託料は月額\n５０万円（税別）", "委 託 料 は 月額 50万円(税別)"));
    }

    [Fact]
    public void Of_OneWrongCharacterInFour_IsAQuarter()
    {
        Assert.Equal(0.25, CharacterErrorRate.Of("吾輩は猫", "吾輩は犬"), 6);
    }

    [Fact]
    public void Of_SeveralPages_WeighsPagesByTheirLength()
    {
        // One error on a 2-character page and none on an 8-character page: 1/10, not the mean of 50% and 0%.
        var cer = CharacterErrorRate.Of([("吾輩", "吾"), ("名前はまだ無い。", "名前はまだ無い。")]);

        Assert.Equal(0.1, cer, 6);
    }

    [Fact]
    public void Of_EmptyReference_IsZeroNotDivisionByZero()
    {
        Assert.Equal(0, CharacterErrorRate.Of([(" \n", "x")]));
    }
}
