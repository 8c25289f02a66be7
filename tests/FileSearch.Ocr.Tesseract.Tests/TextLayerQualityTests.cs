using FileSearch.Ocr.Tesseract.Internals;

namespace FileSearch.Ocr.Tesseract.Tests;

[Trait("Category", "Unit")]
public sealed class TextLayerQualityTests
{
    [Theory]
    [InlineData("本契約書は売上の報告について定める。", true)]
    [InlineData("The quarterly report", true)]
    [InlineData("", false)]
    [InlineData("   \n ", false)]
    [InlineData("第1頁", false)]
    [InlineData("(cid:12)(cid:34)(cid:56)(cid:78)(cid:90)(cid:11)(cid:22)(cid:33)(cid:44)(cid:55)(cid:66)", false)]
    [InlineData("\uE001\uE002\uE003\uE004\uE005\uE006\uE007\uE008\uE009\uE00A\uE00B契約", false)]
    [InlineData("\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD abcdefghij", false)]
    [InlineData("(cid:1) 本契約書は売上の報告について定める。", true)]
    public void HasRealText_Layer_Judged(string text, bool expected) =>
        Assert.Equal(expected, TextLayerQuality.HasRealText(text, minChars: 10));

    [Fact]
    public void Runs_ScatteredPages_GroupedConsecutively()
    {
        var runs = PdfPageRasterizer.Runs([7, 1, 2, 3, 5, 6, 10]).ToList();

        Assert.Equal([(1, 3), (5, 7), (10, 10)], runs);
    }
}
