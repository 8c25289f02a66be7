using System.Text;
using FileSearch.Ocr.Tesseract.Internals;

namespace FileSearch.Ocr.Tesseract.Tests;

[Trait("Category", "Unit")]
public class OcrTextPostProcessorTests
{
    [Theory]
    [InlineData("契 約 書 の 内 容", "契約書の内容")]
    [InlineData("は い 、 そ う で す 。", "はい、そうです。")]
    [InlineData("カ タ カ ナ （ 株 ） ｶﾀｶﾅ", "カタカナ（株）ｶﾀｶﾅ")]
    [InlineData("売 上 　 報 告", "売上報告")]
    [InlineData("𠮷 野 家", "𠮷野家")]
    [InlineData("2024 年 4 月 1 日", "2024年4月1日")]
    public void Clean_SpacesBetweenJapaneseCharacters_Removed(string raw, string expected)
    {
        Assert.Equal(expected, OcrTextPostProcessor.Clean(raw));
    }

    [Theory]
    [InlineData("The  quarterly sales\treport", "The quarterly sales report")]
    [InlineData("Revenue grew 12 %", "Revenue grew 12 %")]
    [InlineData("PDF ファイル を 開く", "PDF ファイルを開く")]
    [InlineData("売 上 は 100 万 円 for Q1", "売上は100万円 for Q1")]
    public void Clean_SpacesNextToLatinWords_Kept(string raw, string expected)
    {
        Assert.Equal(expected, OcrTextPostProcessor.Clean(raw));
    }

    [Fact]
    public void Clean_LinesAndBlankLines_StructureKeptAndTrimmed()
    {
        const string raw = "\n 第 1 条  \n本 文 です\r\n\n\n\nNext paragraph \n\n\n";

        Assert.Equal("第1条\n本文です\n\nNext paragraph", OcrTextPostProcessor.Clean(raw));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n \n\f")]
    public void Clean_NothingButWhitespace_Empty(string raw)
    {
        Assert.Equal(string.Empty, OcrTextPostProcessor.Clean(raw));
    }

    [Theory]
    [InlineData('漢', true)]
    [InlineData('か', true)]
    [InlineData('ー', true)]
    [InlineData('。', true)]
    [InlineData('！', true)]
    [InlineData('\u3000', false)]
    [InlineData('A', false)]
    [InlineData('1', false)]
    public void IsCjk_Character_Classified(char c, bool expected)
    {
        Assert.Equal(expected, OcrTextPostProcessor.IsCjk(new Rune(c)));
    }
}
