using FileSearch.Ocr.Tesseract.Internals;

namespace FileSearch.Ocr.Tesseract.Tests;

[Trait("Category", "Unit")]
public sealed class DoubledKanaTests
{
    // Vertical readings: symbol boxes are degenerate (no width), as jpn_vert gives them.
    private static PageSymbol Vertical(string text, int word, float confidence, int line = 0) => new(text, new(0, 10 * word, 0, (10 * word) + 40), word, line, confidence);

    private static PageSymbol Horizontal(string text, int left, int right, int word, float confidence) => new(text, new(left, 10, right, 50), word, 0, confidence);

    [Fact]
    public void Collapse_VoicedVariantInAWeakWordOfAColumn_IsDropped()
    {
        PageSymbol[] symbols = [Vertical("反", 0, 94), Vertical("映", 0, 94), Vertical("ざ", 1, 58), Vertical("さ", 1, 58), Vertical("ゼ", 2, 75, 1), Vertical("せ", 3, 52, 1), Vertical("る", 3, 52, 1)];

        var (text, kept) = DoubledKana.Collapse("反 映 ざ さ\nゼ せ る\n", symbols);

        Assert.Equal("反 映  さ\n せ る\n", text);
        Assert.Equal("反映させる", string.Concat(kept.Select(s => s.Text)));
    }

    [Fact]
    public void Collapse_SmallVariantBetweenTwoReadingsOfTheSameKana_LeavesOne()
    {
        PageSymbol[] symbols = [Vertical("ん", 0, 97), Vertical("や", 1, 66), Vertical("ゃ", 2, 72), Vertical("や", 3, 77), Vertical("り", 4, 93)];

        Assert.Equal("んやり", DoubledKana.Collapse("んやゃやり", symbols).Text);
    }

    [Fact]
    public void Collapse_ConfidentNeighbours_StayAsRead()
    {
        // ただ, ほぼ: real words whose kana differ only by the voicing mark.
        PageSymbol[] symbols = [Vertical("た", 0, 92), Vertical("だ", 0, 92), Vertical("ほ", 1, 90), Vertical("ぼ", 1, 90)];

        Assert.Equal("ただほぼ", DoubledKana.Collapse("ただほぼ", symbols).Text);
    }

    [Fact]
    public void Collapse_HorizontalVariantWithABoxOfItsOwn_Stays()
    {
        // Weak, but side by side: two characters, not one read twice.
        PageSymbol[] symbols = [Horizontal("た", 100, 140, 0, 60), Horizontal("だ", 146, 186, 0, 60)];

        Assert.Equal("ただ", DoubledKana.Collapse("ただ", symbols).Text);
    }

    [Fact]
    public void Collapse_HorizontalVariantWithADegenerateBox_IsDropped()
    {
        // うとうと read as うとどうと: the ど has a box one pixel wide where the next う starts.
        PageSymbol[] symbols = [Horizontal("う", 108, 133, 0, 74), Horizontal("と", 154, 181, 0, 74), Horizontal("ど", 200, 201, 1, 62), Horizontal("う", 200, 225, 1, 62), Horizontal("と", 246, 272, 2, 93)];

        Assert.Equal("うとうと", DoubledKana.Collapse("うとどうと", symbols).Text);
    }

    [Fact]
    public void Collapse_NeighboursOnDifferentLinesOrNotKana_StayAsRead()
    {
        PageSymbol[] symbols = [Vertical("さ", 0, 40), Vertical("ざ", 1, 40, 1), Vertical("o", 2, 40, 1), Vertical("O", 3, 40, 1)];

        Assert.Equal("さざoO", DoubledKana.Collapse("さざoO", symbols).Text);
    }

    [Theory]
    [InlineData("さ", "ざ", true)]
    [InlineData("せ", "ゼ", true)]
    [InlineData("や", "ゃ", true)]
    [InlineData("は", "ぱ", true)]
    [InlineData("カ", "か", true)]
    [InlineData("さ", "さ", false)]
    [InlineData("さ", "き", false)]
    [InlineData("漢", "漢", false)]
    public void Variants_KanaOfTheSameSound_AreVariants(string a, string b, bool expected)
    {
        Assert.Equal(expected, DoubledKana.Variants(a, b));
    }
}
