using FileSearch.Ocr.Tesseract.Internals;

namespace FileSearch.Ocr.Tesseract.Tests;

[Trait("Category", "Unit")]
public sealed class LatinRereadTests
{
    private static readonly SymbolBox Anywhere = new(100, 100, 120, 130);

    [Fact]
    public void From_JapanesePunctuationReadIntoTheWord_LatinRunIsTheAsciiPartWithItsBox()
    {
        var word = LatinWord.From([("。", new SymbolBox(10, 10, 40, 50)), ("d", new SymbolBox(50, 12, 60, 50)), ("e", new SymbolBox(61, 20, 70, 50)),
            ("b", new SymbolBox(71, 11, 80, 51))], 78);

        Assert.NotNull(word);
        Assert.Equal("。deb", word.Text);
        Assert.Equal("deb", word.Latin);
        Assert.Equal(1, word.LatinStart);
        Assert.Equal(new SymbolBox(50, 11, 80, 51), word.Box);
    }

    [Fact]
    public void From_DigitsAndJapaneseOnly_IsNotALatinWord()
    {
        Assert.Null(LatinWord.From([("第", Anywhere), ("1", Anywhere), ("2", Anywhere), ("条", Anywhere)], 50));
    }

    [Theory]
    [InlineData("sources.lisSt", 48, "sources.list", 85, "sources.list")]
    [InlineData("AllowlInsecureRepositories", 53, "AllowInsecureRepositories", 87, "AllowInsecureRepositories")]
    [InlineData("SOUTCG", 60, "source", 91, "source")]
    [InlineData("useradd", 89, "seradd", 92, null)] // a part: the box cut a letter
    [InlineData("sources.list(5)", 73, "sources. list(5)", 80, null)] // a space is no Latin run
    [InlineData("APT", 62, "APT", 96, null)] // nothing to change
    [InlineData("infile", 90, "infle", 85, null)] // less confident
    [InlineData("deb", 60, "ーー", 70, null)] // not Latin
    [InlineData("gencaches", 60, "g", 70, null)] // not the run's length
    public void Choose_LatinModelReading_ReplacesOnlyWhenMoreConfidentAndShapedLikeTheRun(string japanese, int japaneseConfidence,
        string latin, int latinConfidence, string? expected)
    {
        var word = new LatinWord(japanese, japanese, 0, Anywhere, japaneseConfidence);

        Assert.Equal(expected, LatinReread.Choose(word, latin, latinConfidence));
    }

    [Fact]
    public void Apply_Replacements_SwapOnlyTheLatinRunsInReadingOrder()
    {
        const string text = "取得元の deb と、。deb-SRc タイプ\nの deb-SRc を参照します。";
        var second = new LatinWord("。deb-SRc", "deb-SRc", 1, Anywhere, 70);

        var result = LatinReread.Apply(text, [(second, "deb-src")]);

        Assert.Equal("取得元の deb と、。deb-src タイプ\nの deb-SRc を参照します。", result);
    }

    [Fact]
    public void Candidates_WordsUnderTheConfidence_AreReadAgain()
    {
        LatinWord[] words = [new("apt", "apt", 0, Anywhere, 95), new("APl", "APl", 0, Anywhere, 62)];

        Assert.Equal(["APl"], LatinReread.Candidates(words, 90).Select(w => w.Text));
    }

    [Fact]
    public void Padded_BoxAtThePageEdge_StaysInsideThePage()
    {
        var padded = LatinReread.Padded(new SymbolBox(0, 5, 200, 45), 210, 48);

        Assert.Equal(new SymbolBox(0, 0, 210, 48), padded);
        Assert.Equal(new SymbolBox(40, 92, 130, 148), LatinReread.Padded(new SymbolBox(50, 100, 120, 140), 1000, 1000));
    }
}

[Trait("Category", "Unit")]
public sealed class SidewaysLatinTests
{
    // A column (line 0) read by jpn_vert: "dselect" run sideways came out as "oo" and "ヒ", then "は" below it.
    private static readonly PageSymbol[] Column =
    [
        new("o", new(0, 0, 2, 2), 0, 0, 30) { WordBox = new(530, 90, 590, 170) },
        new("o", new(0, 0, 2, 2), 0, 0, 30) { WordBox = new(530, 90, 590, 170) },
        new("ヒ", new(0, 0, 2, 2), 1, 0, 20) { WordBox = new(530, 180, 590, 230) },
        new("は", new(0, 0, 2, 2), 2, 0, 90) { WordBox = new(530, 250, 590, 300) },
        new("伝", new(0, 0, 2, 2), 3, 1, 90) { WordBox = new(460, 90, 520, 140) },
    ];

    private static readonly SymbolBox ColumnBox = new(523, 75, 597, 315);

    [Fact]
    public void Columns_OnlyLinesWithALatinLetter_WithAMarginInsideThePage()
    {
        // Marks (Latin letters, the weak ヒ) from 90 to 230; one column width (60) and the end margin (15) further: 305.
        Assert.Equal(new[] { (0, ColumnBox with { Bottom = 305 }) }, SidewaysLatin.Columns(Column, 600, 1000));
    }

    [Fact]
    public void Columns_LongColumn_OnlyTheStretchesAroundTheMarksAreRead()
    {
        // A column of confident kanji from 0 to 2000 with a sideways word at 900-1000 and another at 1700-1760: two
        // stretches, each one column width (60) plus the end margin (15) beyond its marks; the Japanese between is not read.
        PageSymbol[] column =
        [
            .. Enumerable.Range(0, 40).Select(i => new PageSymbol("字", new(0, 0, 2, 2), i, 0, 95) { WordBox = new(530, i * 50, 590, (i * 50) + 45) }),
            new("d", new(0, 0, 2, 2), 40, 0, 60) { WordBox = new(530, 900, 590, 1000) },
            new("の", new(0, 0, 2, 2), 41, 0, 30) { WordBox = new(530, 1700, 590, 1760) },
        ];

        Assert.Equal(new[] { (0, new SymbolBox(523, 825, 597, 1075)), (0, new SymbolBox(523, 1625, 597, 1835)) }, SidewaysLatin.Columns(column, 600, 3000));
    }

    [Fact]
    public void CropTurnedLeft_ColumnTurnedCounterClockwise()
    {
        // 2 wide, 3 high: rows (1 2) (3 4) (5 6); turned left: 3 wide, 2 high: (2 4 6) (1 3 5).
        byte[] pixels = [1, 2, 3, 4, 5, 6];

        Assert.Equal(new byte[] { 2, 4, 6, 1, 3, 5 }, SidewaysLatin.CropTurnedLeft(pixels, 2, new SymbolBox(0, 0, 2, 3)));
    }

    [Fact]
    public void Matches_ConfidentLatinWordOverLatinLetters_ReplacesTheWordsItCovers()
    {
        // Along the turned crop, x is the distance from the column's top: "dselect" spans 10-160 (page y 85-235).
        var matches = SidewaysLatin.Matches(Column, 0, ColumnBox, [("dselect", new SymbolBox(10, 5, 160, 60), 92f), ("は", new SymbolBox(170, 5, 230, 60), 95f)]);

        Assert.Equal(new[] { (0, 2, "dselect") }, matches);
    }

    [Theory]
    [InlineData("dselect", 60f)] // unsure
    [InlineData("d", 95f)] // one letter
    [InlineData("Debian GNU", 95f)] // a space: two words read as one
    public void Matches_UnsureOrUnshapedWord_ReplacesNothing(string word, float confidence)
    {
        Assert.Empty(SidewaysLatin.Matches(Column, 0, ColumnBox, [(word, new SymbolBox(10, 5, 160, 60), confidence)]));
    }

    [Fact]
    public void Matches_WordOverJapaneseOnly_ReplacesNothing()
    {
        // Over "は" alone (page y 245-305): the vertical model saw no Latin letter there.
        Assert.Empty(SidewaysLatin.Matches(Column, 0, ColumnBox, [("lit", new SymbolBox(170, 5, 230, 60), 95f)]));
    }

    [Fact]
    public void Columns_WeakKanaWithoutALatinLetter_IsReadToo()
    {
        // "Status" read by jpn_vert as "の。お", all weak: no Latin letter, yet a sideways word may stand there.
        PageSymbol[] column = [.. Column, new("の", new(0, 0, 2, 2), 4, 1, 25) { WordBox = new(460, 150, 520, 200) }];

        Assert.Equal(2, SidewaysLatin.Columns(column, 600, 1000).Count);
    }

    [Fact]
    public void Matches_ConfidentLatinWordOverWeakKana_ReplacesThem()
    {
        PageSymbol[] column =
        [
            new("の", new(0, 0, 2, 2), 0, 0, 93) { WordBox = new(530, 90, 590, 140) },
            new("の", new(0, 0, 2, 2), 1, 0, 25) { WordBox = new(530, 150, 590, 200) },
            new("お", new(0, 0, 2, 2), 2, 0, 62) { WordBox = new(530, 205, 590, 250) },
            new("フ", new(0, 0, 2, 2), 3, 0, 93) { WordBox = new(530, 260, 590, 300) },
        ];

        // "Status" spans 70-180 along the crop: page y 145-255, over the two weak words.
        Assert.Equal(new[] { (1, 2, "Status") }, SidewaysLatin.Matches(column, 0, ColumnBox, [("Status", new SymbolBox(70, 5, 180, 60), 96f)]));
    }

    [Fact]
    public void Matches_LatinLetterJustPastTheWord_IsReplacedWithIt()
    {
        // "u" (the word's last letter as jpn_vert read it) has its centre past "dselect" (which ends at page y 220), a third inside.
        PageSymbol[] column =
        [
            new("o", new(0, 0, 2, 2), 0, 0, 30) { WordBox = new(530, 90, 590, 170) },
            new("u", new(0, 0, 2, 2), 1, 0, 79) { WordBox = new(530, 200, 590, 260) },
            new("は", new(0, 0, 2, 2), 2, 0, 90) { WordBox = new(530, 265, 590, 300) },
        ];

        Assert.Equal(new[] { (0, 1, "dselect") }, SidewaysLatin.Matches(column, 0, ColumnBox, [("dselect", new SymbolBox(10, 5, 145, 60), 92f)]));
    }

    [Theory]
    [InlineData("/var/cache/apt/archives/partial/", 18f, true)]
    [InlineData("Status", 60f, true)]
    [InlineData("Status", 96f, false)] // sure already
    [InlineData("VER", 0f, false)] // noise
    [InlineData("K<AH—AHP", 40f, false)] // not ASCII
    [InlineData("x6", 53f, false)] // one letter
    public void NeedsSecondLook_UnsureLatinShapedWords_Only(string word, float confidence, bool expected)
    {
        Assert.Equal(expected, SidewaysLatin.NeedsSecondLook(word, confidence));
    }

    [Fact]
    public void Confirmed_SameTextOnItsOwn_TakesTheSecondConfidenceOtherwiseKeepsTheFirst()
    {
        var word = ("/var/cache/apt/", new SymbolBox(0, 0, 100, 20), 18f);

        Assert.Equal(91f, SidewaysLatin.Confirmed(word, [("/var/cache/apt/", new SymbolBox(3, 3, 90, 18), 91f)]));
        Assert.Equal(18f, SidewaysLatin.Confirmed(word, [("/var/cache/opt/", new SymbolBox(3, 3, 90, 18), 91f)]));
        Assert.Equal(18f, SidewaysLatin.Confirmed(word, [("/var/", new SymbolBox(3, 3, 40, 18), 91f), ("cache/apt/", new SymbolBox(45, 3, 90, 18), 91f)]));
        Assert.Equal(18f, SidewaysLatin.Confirmed(word, null));
    }

    [Fact]
    public void CropWord_WordBoxWithMarginInsideTheImage()
    {
        // 20 wide, 10 high, pixel value = x + 20 y; word box 2-6 x 2-4 (height 2: margin 4) clipped to the image.
        var image = Enumerable.Range(0, 200).Select(i => (byte)i).ToArray();

        var (pixels, width, height) = SidewaysLatin.CropWord(image, 20, 10, new SymbolBox(2, 2, 6, 4));

        Assert.Equal((10, 8), (width, height));
        Assert.Equal(0, pixels[0]);
        Assert.Equal((byte)(9 + (20 * 7)), pixels[^1]);
    }

    [Fact]
    public void Apply_ReplacesTheSymbolsTextKeepsTheRest()
    {
        Assert.Equal("前  dselect  は、伝", SidewaysLatin.Apply("前 oo ヒ は、伝", Column, [(0, 2, "dselect")]));
    }
}
