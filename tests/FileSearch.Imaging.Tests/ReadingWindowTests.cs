using FileSearch.Testing;
using FileSearch.Testing.Images;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetVips;

namespace FileSearch.Imaging.Tests;

[Trait("Category", "Unit")]
public sealed class ReadingWindowTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-reading-window");

    public void Dispose() => _temp.Dispose();

    private static TextPresence Found(int scale, params TextLineBox[] lines) =>
        new(lines.Length > 0, lines.Length, lines.Length * 5, scale, 0) { LineBoxes = lines };

    [Fact]
    public void Choose_NoLine_Empty()
    {
        Assert.Empty(ReadingWindow.Choose(4000, 3000, Found(3)));
    }

    [Fact]
    public void Choose_OneLargeSign_WindowAroundItReducedToTargetHeight()
    {
        // A sign of characters 120 px high in a 12 MP photo.
        var window = Assert.Single(ReadingWindow.Choose(4000, 3000, Found(3, new TextLineBox(1800, 1200, 600, 120, 120))));

        Assert.Equal(3, window.Reduction);
        Assert.InRange(window.X, 1400, 1800 - 120);
        Assert.InRange(window.X + window.Width, 2400 + 120, 2800);
        Assert.InRange(window.Y, 800, 1200 - 120);
        Assert.Equal("window:" + window.Width + "x" + window.Height + "@" + window.X + "," + window.Y + ",reduce:3", window.Operations(4000, 3000));
    }

    [Fact]
    public void Choose_TwoSignsFarApart_TwoWindowsEachReducedForItsOwnText()
    {
        var windows = ReadingWindow.Choose(6000, 4000, Found(4,
            new TextLineBox(4500, 3000, 800, 200, 200),
            new TextLineBox(300, 200, 500, 60, 60)));

        Assert.Equal(2, windows.Count);
        Assert.Equal(1.5, windows[0].Reduction);
        Assert.Equal(5, windows[1].Reduction);
    }

    [Fact]
    public void Choose_SmallTextAllOverThePage_ReadWholeAsItIs()
    {
        // A photographed page: lines of 30 px characters from top to bottom.
        var lines = Enumerable.Range(0, 40).Select(i => new TextLineBox(200, 100 + (i * 70), 3600, 30, 30)).ToArray();

        Assert.Empty(ReadingWindow.Choose(4000, 3000, Found(3, lines)));
    }

    [Fact]
    public void Choose_LargeTextAllOverThePage_WholePageReducedForTheSmallestLine()
    {
        var lines = Enumerable.Range(0, 12).Select(i => new TextLineBox(100, 100 + (i * 240), 3800, i == 5 ? 80 : 160, i == 5 ? 80 : 160)).ToArray();

        var window = Assert.Single(ReadingWindow.Choose(4000, 3000, Found(3, lines)));

        Assert.Equal((0, 0, 4000, 3000, 2.0), (window.X, window.Y, window.Width, window.Height, window.Reduction));
        Assert.Equal("reduce:2", window.Operations(4000, 3000));
    }

    [Fact]
    public void Choose_ScreenshotWithoutCameraExif_ReadWhole()
    {
        var path = _temp.Combine("screen.png");
        using (var screen = TextImages.Render("設定 ネットワークとインターネット", 60))
        {
            screen.WriteToFile(path);
        }

        using var page = Loader().LoadPage(path, 0);
        var presence = TextPresenceDetector.Detect(page);

        Assert.True(presence.HasText, presence.ToString());
        Assert.Empty(ReadingWindow.Choose(page, presence));
    }

    [Fact]
    public void Apply_WindowReduced_PixelsOfTheWindowAt300Dpi()
    {
        var path = _temp.Combine("photo.png");
        using (var black = Image.Black(1200, 900))
        using (var gray = (black + 255).Cast(Enums.BandFormat.Uchar))
        {
            gray.WriteToFile(path);
        }

        using var page = Loader().LoadPage(path, 0);
        using var part = new ReadingWindow(100, 200, 600, 300, 2).Apply(page);

        Assert.Equal((300, 150, 300.0), (part.Width, part.Height, part.Dpi));
        Assert.All(part.Pixels.ToArray(), p => Assert.Equal(255, p));
    }

    private static PageImageLoader Loader() =>
        new(new VipsRuntime(), Options.Create(new ThumbnailOptions()), NullLogger<PageImageLoader>.Instance);
}
