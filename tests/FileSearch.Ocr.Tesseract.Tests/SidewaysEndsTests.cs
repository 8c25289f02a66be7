using FileSearch.Ocr.Tesseract.Internals;

namespace FileSearch.Ocr.Tesseract.Tests;

[Trait("Category", "Unit")]
public sealed class SidewaysEndsTests
{
    // A column (line 0) read by jpn_vert: "clean" run sideways came out as "ou", then a weak "っ" over the end of its last
    // letter and the blank paper after it, then "は". The Latin model read "clean" from page row 107 to 216.
    private static readonly PageSymbol[] Column =
    [
        new("o", new(0, 0, 2, 2), 0, 0, 43) { WordBox = new(625, 107, 662, 209) },
        new("u", new(0, 0, 2, 2), 0, 0, 43) { WordBox = new(625, 107, 662, 209) },
        new("っ", new(0, 0, 2, 2), 1, 0, 54) { WordBox = new(612, 208, 670, 245) },
        new("は", new(0, 0, 2, 2), 2, 0, 90) { WordBox = new(625, 244, 663, 279) },
    ];

    private static readonly SymbolBox ColumnBox = new(605, 93, 677, 317);

    /// <summary>A page 700 wide and 320 high, blank but for ink across the column on the rows given.</summary>
    private static byte[] Page(params (int Top, int Bottom)[] inkRows)
    {
        var page = Enumerable.Repeat((byte)255, 700 * 320).ToArray();
        foreach (var (top, bottom) in inkRows)
        {
            for (var y = top; y < bottom; y++)
            {
                page.AsSpan((y * 700) + 630, 30).Fill(0);
            }
        }

        return page;
    }

    private static Func<int, int, bool> BlankOn(byte[] page) => (top, bottom) => SidewaysEnds.Blank(page, 700, ColumnBox.Left, ColumnBox.Right, top, bottom);

    [Fact]
    public void Blank_PaperWithAFewRowsOfTheNextGlyph_IsBlankAGlyphIsNot()
    {
        // Column 72 px wide: up to 9 rows of ink pass as the edge of a neighbour the boxes missed.
        var page = Page((242, 270));

        Assert.True(SidewaysEnds.Blank(page, 700, 605, 677, 216, 244));
        Assert.False(SidewaysEnds.Blank(page, 700, 605, 677, 216, 260));
        Assert.False(SidewaysEnds.Blank(page, 700, 605, 677, 216, 216));
    }

    [Fact]
    public void Blank_SpecksOfTwoPixels_AreStillPaper()
    {
        var page = Page();
        for (var y = 220; y < 240; y++)
        {
            page[(y * 700) + 640] = page[(y * 700) + 650] = 0;
        }

        Assert.True(SidewaysEnds.Blank(page, 700, 605, 677, 216, 244));
    }

    [Fact]
    public void Beyond_WordPastTheLatinWord_ReachesUpToTheNextWord()
    {
        Assert.Equal((216, 244), SidewaysEnds.Beyond(Column, Column[2], 107, 216));
        Assert.Equal((209, 230), SidewaysEnds.Beyond(Column, Column[2], 230, 300));
        Assert.Null(SidewaysEnds.Beyond(Column, Column[2], 200, 250));
        Assert.Null(SidewaysEnds.Beyond(Column, Column[2], 220, 240));
    }

    [Fact]
    public void Found_WeakKanaReachingOnlyBlankPaperPastTheWord_IsReplacedWithIt()
    {
        // っ overlaps "clean" by 8 rows of its 37: neither its centre nor a quarter of it lies along the word.
        var words = new[] { ("clean", new SymbolBox(14, 5, 123, 60), 97f) };

        Assert.Equal(new[] { (0, 1, "clean") }, SidewaysLatin.Matches(Column, 0, ColumnBox, words));
        Assert.Equal(new[] { new SidewaysMatch(0, 2, "clean", 107, 216) }, SidewaysLatin.Found(Column, 0, ColumnBox, words, BlankOn(Page((242, 279)))));
    }

    [Fact]
    public void Found_WeakKanaOverInkPastTheWord_StaysAsRead()
    {
        // A glyph stands under the weak kana: it is a character of its own, read unsure.
        var words = new[] { ("clean", new SymbolBox(14, 5, 123, 60), 97f) };

        Assert.Equal(new[] { new SidewaysMatch(0, 1, "clean", 107, 216) }, SidewaysLatin.Found(Column, 0, ColumnBox, words, BlankOn(Page((218, 240), (242, 279)))));
    }

    [Fact]
    public void Found_ConfidentKanaPastTheWord_StaysAsRead()
    {
        // は is read with confidence: blank paper around it does not make it a Latin letter.
        PageSymbol[] column = [Column[0], Column[1], Column[3] with { WordBox = new(625, 210, 663, 250) }];
        var words = new[] { ("clean", new SymbolBox(14, 5, 123, 60), 97f) };

        Assert.Equal(new[] { new SidewaysMatch(0, 1, "clean", 107, 216) }, SidewaysLatin.Found(column, 0, ColumnBox, words, BlankOn(Page())));
    }
}
