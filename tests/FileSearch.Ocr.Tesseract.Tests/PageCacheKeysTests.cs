using FileSearch.Imaging;
using FileSearch.Ocr.Tesseract.Internals;

namespace FileSearch.Ocr.Tesseract.Tests;

[Trait("Category", "Unit")]
public sealed class PageCacheKeysTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Recognition_LatinPassChanged_HorizontalAndVerticalPagesReadAgain(bool vertical)
    {
        var options = TesseractFixture.CreateOptions();
        var off = TesseractFixture.CreateOptions();
        off.LatinLanguages = string.Empty;
        var settings = new PreprocessingSettings();

        Assert.NotEqual(new PageCacheKeys(options, settings).Recognition(vertical, 300), new PageCacheKeys(off, settings).Recognition(vertical, 300));
        Assert.NotEqual(new PageCacheKeys(options, settings).Settings, new PageCacheKeys(off, settings).Settings);
    }
}
