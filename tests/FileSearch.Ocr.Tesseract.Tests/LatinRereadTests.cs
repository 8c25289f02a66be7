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
