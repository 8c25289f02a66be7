using FileSearch.Bench.Commands.Bench.OcrSet;
using NetVips;

namespace FileSearch.Bench.Tests.Commands.Bench.OcrSet;

[Trait("Category", "Unit")]
public sealed class OcrSetRendererTests
{
    private static OcrSetPage VerticalPage(string text) => new(1, "clean-vertical-test", "test", text, Serif: false, Vertical: true, Degradation.None);

    [Theory]
    [InlineData("。")]
    [InlineData("ー")]
    public void Render_VerticalColumnEndingInAMarkThatNeverStartsAColumn_DrawsTheMarkBelowTheEighteenCells(string mark)
    {
        var full = new string('あ', 18);
        Assert.Equal([full + mark, "いい"], OcrSetRenderer.Lines(VerticalPage(full + mark + "いい")));

        using var withMark = OcrSetRenderer.Render(VerticalPage(full + mark + "いい"));
        using var without = OcrSetRenderer.Render(VerticalPage(full + "いい"));

        // The mark's cell is a 19th one: its ink lies below the last ink of the eighteen cells, on a taller page.
        Assert.True(withMark.Height > without.Height, $"{withMark.Height} px high against {without.Height} px");
        Assert.True(LowestInkRow(withMark) > LowestInkRow(without), $"ink down to row {LowestInkRow(withMark)} against {LowestInkRow(without)}");
    }

    [Fact]
    public void Render_VerticalColumnsOfEighteenCells_KeepTheirHeight()
    {
        using var short1 = OcrSetRenderer.Render(VerticalPage(new string('あ', 18) + "いい"));
        using var short2 = OcrSetRenderer.Render(VerticalPage(new string('う', 18) + "え"));

        Assert.Equal(short1.Height, short2.Height);
    }

    private static int LowestInkRow(Image page)
    {
        var pixels = page.WriteToMemory<byte>();
        for (var y = page.Height - 1; y >= 0; y--)
        {
            if (pixels.AsSpan(y * page.Width, page.Width).IndexOfAnyInRange((byte)0, (byte)127) >= 0)
            {
                return y;
            }
        }

        return -1;
    }
}
