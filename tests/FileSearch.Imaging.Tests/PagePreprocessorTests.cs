using FileSearch.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetVips;

namespace FileSearch.Imaging.Tests;

[Trait("Category", "Integration")]
public sealed class PagePreprocessorTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-preprocess");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Process_SkewedLines_DeskewedByTheOppositeAngle()
    {
        using var page = Load(Lines().Rotate(3.0, background: [255.0]));

        using var result = PagePreprocessor.Process(page, PreprocessingSettings.None with { Deskew = true });

        var angle = double.Parse(result.Operations.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(angle, -3.5, -2.5);
    }

    [Theory]
    [InlineData(-4.6)]
    [InlineData(-1.3)]
    [InlineData(0.7)]
    [InlineData(2.2)]
    [InlineData(4.4)]
    public void EstimateSkew_KnownAngle_WithinATenthAndAHalfOfTheTruth(double skew)
    {
        using var skewed = Lines().Rotate(skew, background: [255.0]);

        var estimate = PagePreprocessor.EstimateSkew(skewed, maxDegrees: 5);

        Assert.InRange(estimate, -skew - 0.15, -skew + 0.15);
    }

    [Fact]
    public void Process_LevelLines_NoDeskewRecordedSamePixelsInAnOwnedCopy()
    {
        var page = Load(Lines());
        var pixels = page.Pixels.ToArray();

        using var result = PagePreprocessor.Process(page, PreprocessingSettings.None with { Deskew = true });
        page.Dispose(); // the result must not share the decoded page's memory

        Assert.Equal(string.Empty, result.Operations);
        Assert.Equal((pixels.Length / result.Image.Height, pixels.Length / result.Image.Width), (result.Image.Width, result.Image.Height));
        Assert.True(result.Image.Pixels.SequenceEqual(pixels));
    }

    [Fact]
    public void Process_LowContrastLowDpiNoisyPage_EveryOperationRecordedAndPixelsBinary()
    {
        using var page = Load((Lines() * 0.3 + 160).Cast(Enums.BandFormat.Uchar), dpi: 150);
        var settings = PreprocessingSettings.Photo with { Binarize = BinarizeMode.Otsu };

        using var result = PagePreprocessor.Process(page, settings);

        Assert.Equal("denoise,normalize,upscale:2,binarize:otsu", result.Operations);
        Assert.Equal((page.Width * 2, 300.0), (result.Image.Width, result.Image.Dpi));
        Assert.All(result.Image.Pixels.ToArray().Distinct(), p => Assert.True(p is 0 or 255));
    }

    [Theory]
    [InlineData(6, 1, false)]
    [InlineData(14, 1, false)]
    [InlineData(14, 40, true)]
    public void Process_BarsOnGrainyGreyPaper_StretchedOnlyWhenInkIsTheDarkestPercent(double sigma, int bars, bool stretched)
    {
        // One bar is under 1 % of the page, so its 1st percentile is the paper's grain, not ink; forty are a dense page.
        var page = Image.Gaussnoise(600, 2000, mean: 220, sigma: sigma);
        for (var i = 0; i < bars; i++)
        {
            using var previous = page;
            using var bar = Image.Black(500, 12);
            page = previous.Insert(bar, 50, 100 + (i * 45));
        }

        using var loaded = Load(page.Cast(Enums.BandFormat.Uchar));
        page.Dispose();

        using var result = PagePreprocessor.Process(loaded, PreprocessingSettings.None with { Normalize = true });

        Assert.Equal(stretched ? "normalize" : string.Empty, result.Operations);
    }

    [Fact]
    public void Process_LargePageBelowTargetDpi_NotUpscaledPastTheCap()
    {
        // A 2520x3520 page at a plausible 210 dpi: 300 dpi would make it 18 MP, over the cap, and the capped factor is too small to bother.
        using var page = Load(Lines().Resize(4.2, vscale: 8.8), dpi: 210);

        using var result = PagePreprocessor.Process(page, PreprocessingSettings.None with { Upscale = true });

        Assert.Equal(string.Empty, result.Operations);
        Assert.Equal((page.Width, page.Height, 210.0), (result.Image.Width, result.Image.Height, result.Image.Dpi));
    }

    [Theory]
    [InlineData(600, 400, 72, 4)]
    [InlineData(1280, 800, 72, 3.125)]
    [InlineData(2480, 3508, 150, 1.07)]
    public void UpscaleFactor_PixelCap_BoundsTheResult(int width, int height, double dpi, double expected)
    {
        using var page = Load(Image.Black(width, height).Cast(Enums.BandFormat.Uchar), dpi);

        var factor = PagePreprocessor.UpscaleFactor(page, dpi, 300);

        Assert.Equal(expected, factor, 2);
        Assert.True(width * height * factor * factor <= PagePreprocessor.MaxUpscaledPixels + 1);
    }

    [Fact]
    public void Process_A4ScanTaggedAt72Dpi_TakenAsA4AndEnlargedTwiceNotFourTimes()
    {
        // 1240 x 1754 is A4 at 150 DPI; at the 72 DPI an untagged PNG reports it would be 24 inches long.
        using var a4 = Lines().Embed(0, 0, 1240, 1754, extend: Enums.Extend.White);
        using var page = Load(a4.Copy(), dpi: 72);

        using var result = PagePreprocessor.Process(page, PreprocessingSettings.None with { Upscale = true });

        Assert.Equal("upscale:2", result.Operations);
        Assert.Equal(300.0, result.Image.Dpi);
    }

    [Fact]
    public void PlausibleDpi_SmallPageAt72Dpi_Kept()
    {
        using var page = Load(Lines(), dpi: 72);

        Assert.Equal(72.0, PagePreprocessor.PlausibleDpi(page));
    }

    [Fact]
    public void Process_AdaptiveBinarisation_UnevenBackgroundBecomesWhite()
    {
        using var gradient = Image.Identity().Resize(4, vscale: 400).Cast(Enums.BandFormat.Uchar);
        using var page = Load(gradient.Linear([0.3], [150.0]).Cast(Enums.BandFormat.Uchar));

        using var result = PagePreprocessor.Process(page, PreprocessingSettings.None with { Binarize = BinarizeMode.Adaptive });

        Assert.Equal("binarize:adaptive", result.Operations);
        Assert.True(result.Image.Pixels.ToArray().Count(p => p == 255) > result.Image.Pixels.Length * 0.95);
    }

    [Fact]
    public void RotateClockwise_Quarter_WidthAndHeightSwapped()
    {
        using var page = Load(Lines(), dpi: 200);

        using var rotated = PagePreprocessor.RotateClockwise(page, 270);
        using var same = PagePreprocessor.RotateClockwise(page, 360);

        Assert.Equal((page.Height, page.Width, 200.0), (rotated.Width, rotated.Height, rotated.Dpi));
        Assert.Equal(page.Pixels.ToArray(), same.Pixels.ToArray());
    }

    [Fact]
    public void Settings_Key_DiffersPerProfile()
    {
        Assert.NotEqual(PreprocessingSettings.Scan.Key, PreprocessingSettings.Photo.Key);
        Assert.NotEqual(PreprocessingSettings.Scan.Key, PreprocessingSettings.None.Key);
    }

    /// <summary>Ten dark bars on white: text lines as far as a projection profile can tell.</summary>
    private static Image Lines()
    {
        using var white = Image.Black(600, 400) + 255;
        var page = white.Cast(Enums.BandFormat.Uchar);
        for (var i = 0; i < 10; i++)
        {
            using var previous = page;
            using var bar = Image.Black(500, 12).Cast(Enums.BandFormat.Uchar);
            page = previous.Insert(bar, 50, 30 + (i * 35));
        }

        return page;
    }

    private GrayPageImage Load(Image image, double dpi = 300)
    {
        var path = _temp.Combine($"{Guid.NewGuid():N}.png");
        using (image)
        using (var tagged = image.Copy(xres: dpi / 25.4, yres: dpi / 25.4))
        {
            tagged.WriteToFile(path);
        }

        var loader = new PageImageLoader(new VipsRuntime(), Options.Create(new ThumbnailOptions()), NullLogger<PageImageLoader>.Instance);
        return loader.LoadPage(path, 0);
    }
}
