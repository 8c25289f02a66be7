using FileSearch.Testing.Ocr;

namespace FileSearch.Ocr.Tesseract.Tests;

[Trait("Category", "Unit")]
public sealed class WordRecallTests
{
    [Fact]
    public void LatinWords_SpacesEndWordsAndShortRunsDoNotCount()
    {
        Assert.Equal(["debian", "gnu", "linux", "apt", "get"], WordRecall.LatinWords("伝統的な Debian GNU/Linux の apt-get と ID"));
    }

    [Fact]
    public void KanjiWords_WordBrokenAcrossLines_IsOneWord()
    {
        Assert.Equal(["設定値", "変更"], WordRecall.KanjiWords("設定\n値を変更する"));
    }

    [Fact]
    public void LatinRecall_CaseIgnoredEachOccurrenceCounted()
    {
        var (found, total) = WordRecall.LatinRecall([("update は upgrade の前に update する", "UPDATE は upgrade の前に updat する")]);

        Assert.Equal((2, 3), (found, total));
    }

    [Fact]
    public void KanjiRecall_GarbledKanji_IsNotFound()
    {
        Assert.Equal((1, 2), WordRecall.KanjiRecall([("標準入力から設定値を読む", "標準人力から設定値を読む")]));
    }

    [Fact]
    public void Missing_WordsTheReadingLacks()
    {
        Assert.Equal(["sources"], WordRecall.Missing("/etc/apt/sources.list に記述", "/etc/apt/sourcse.list に記述", WordRecall.LatinWords, ignoreCase: true));
    }
}
