using FileSearch.Imaging;
using FileSearch.Ocr.Tesseract.Internals;

namespace FileSearch.Ocr.Tesseract.Tests;

[Trait("Category", "Unit")]
public sealed class WholePageReductionTests
{
    [Fact]
    public void Rows_PiecesOfOneLineAndATallerMark_OneRowPerPrintedLine()
    {
        // As the detector cuts two printed lines at 12 pt: several pieces each, one taller where a mark joined the line.
        TextLineBox[] lines = [new(60, 60, 246, 48, 48), new(362, 60, 540, 48, 48), new(638, 48, 276, 74, 74), new(60, 132, 592, 50, 50),
            new(564, 134, 338, 44, 44)];

        Assert.Equal(2, WholePageReduction.Rows(lines));
    }

    [Fact]
    public void Rows_ColumnsOfAPageTurnedAQuarter_NoRow()
    {
        TextLineBox[] lines = [new(60, 60, 48, 846, 48), new(134, 112, 48, 594, 48)];

        Assert.Equal(0, WholePageReduction.Rows(lines));
    }

    [Fact]
    public void Choose_ThreeRowsOfLargeText_ReducedToTheLowerQuartileHeight()
    {
        TextLineBox[] lines = [new(100, 100, 1800, 48, 48), new(100, 180, 1800, 48, 48), new(100, 260, 1800, 48, 48), new(100, 340, 60, 12, 12)];

        var window = WholePageReduction.Choose(2480, 3508, lines, 24);

        Assert.Equal(new ReadingWindow(0, 0, 2480, 3508, 2), window);
    }

    [Fact]
    public void Choose_TwoRowsOfLargeText_NotReduced()
    {
        TextLineBox[] lines = [new(100, 100, 1800, 48, 48), new(100, 180, 1800, 48, 48)];

        Assert.Null(WholePageReduction.Choose(2480, 3508, lines, 24));
    }

    [Fact]
    public void Choose_TextUnderMinimumReduction_NotReduced()
    {
        TextLineBox[] lines = [new(100, 100, 1800, 30, 30), new(100, 180, 1800, 30, 30), new(100, 260, 1800, 30, 30)];

        Assert.Null(WholePageReduction.Choose(2480, 3508, lines, 24));
    }
}
