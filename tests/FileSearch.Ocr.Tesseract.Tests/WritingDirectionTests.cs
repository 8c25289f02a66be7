using FileSearch.Ocr.Tesseract.Internals;

namespace FileSearch.Ocr.Tesseract.Tests;

[Trait("Category", "Unit")]
public sealed class WritingDirectionTests
{
    [Fact]
    public void IsVertical_ColumnsWithCharacterGaps_IsVertical()
    {
        var page = Page(400, 600, (x, y) => x % 70 < 40 && y % 48 < 40);

        Assert.True(WritingDirection.IsVertical(page, 400, 600, 400));
    }

    [Fact]
    public void IsVertical_ColumnsWhoseSidewaysWordsLeaveNoBlankRow_IsVertical()
    {
        // Each column's character gaps sit at other heights than its neighbours', as sideways Latin words shift them.
        var page = Page(400, 600, (x, y) => x % 70 < 40 && (y + (x / 70 * 16)) % 48 < 40);

        Assert.True(WritingDirection.IsVertical(page, 400, 600, 400));
    }

    [Fact]
    public void IsVertical_OneHorizontalLineOfWords_IsHorizontal()
    {
        var page = Page(600, 60, (x, y) => y is >= 10 and < 50 && x % 70 < 40);

        Assert.False(WritingDirection.IsVertical(page, 600, 60, 600));
    }

    [Fact]
    public void IsVertical_HorizontalLines_IsHorizontal()
    {
        var page = Page(600, 400, (x, y) => y % 70 < 40 && x % 48 < 40);

        Assert.False(WritingDirection.IsVertical(page, 600, 400, 600));
    }

    private static byte[] Page(int width, int height, Func<int, int, bool> ink)
    {
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * width) + x] = ink(x, y) ? (byte)0 : (byte)255;
            }
        }

        return pixels;
    }
}
