using FileSearch.Testing;
using FileSearch.Testing.Images;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetVips;

namespace FileSearch.Imaging.Tests;

/// <summary>Scan or photo, decided on real pages rendered with libvips and loaded through <see cref="PageImageLoader"/>.</summary>
[Trait("Category", "Integration")]
public sealed class PageProfileClassifierTests : IDisposable
{
    private const string Text = "本契約は、甲と乙との間における業務委託の条件を定めるものである。\n委託料は月額五十万円とし、毎月末日までに振り込む。\n" +
        "第三四半期の売上高は前年同期比で八パーセント増加した。\nThe quarterly report was approved by the board.";

    private readonly TempDirectory _temp = new("fs-profile");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Classify_CleanScan_ScanWithEvenLight()
    {
        using var page = Load(Save("clean.png", RenderPage()));

        var result = PageProfileClassifier.Classify(page);

        Assert.Equal((PageProfile.Scan, "even-light"), (result.Profile, result.Reason));
        Assert.True(result.BackgroundSpread < 10, result.ToString());
        Assert.False(page.Source.Camera);
    }

    [Fact]
    public void Classify_UnevenlyLitPage_PhotoWithLargeSpread()
    {
        using var clean = RenderPage();
        using var page = Load(Save("lamp.png", UnevenLighting.Apply(clean, darkest: 0.45)));

        var result = PageProfileClassifier.Classify(page);

        Assert.Equal((PageProfile.Photo, "uneven-light"), (result.Profile, result.Reason));
        Assert.True(result.BackgroundSpread >= 50, result.ToString());
    }

    [Fact]
    public void Classify_ScanWithDarkBorderStrip_StillScan()
    {
        using var clean = RenderPage();
        using var strip = Image.Black(clean.Width / 12, clean.Height);
        using var border = clean.Insert(strip, 0, 0);
        using var page = Load(Save("border.png", border.Copy()));

        Assert.Equal(PageProfile.Scan, PageProfileClassifier.Classify(page).Profile);
    }

    [Theory]
    [InlineData(1.0, PageProfile.Scan, "even-light")]
    [InlineData(0.78, PageProfile.Photo, "camera-uneven-light")]
    public void Classify_JpegWithCameraExif_PhotoOnlyWithSomeFalloff(double darkest, PageProfile expected, string reason)
    {
        using var clean = RenderPage();
        using var lit = UnevenLighting.Apply(clean, darkest);
        using var tagged = lit.Mutate(m =>
        {
            m.Set(GValue.GStrType, "exif-ifd0-Make", "Apple");
            m.Set(GValue.GStrType, "exif-ifd0-Model", "iPhone 12");
        });
        var path = _temp.Combine("phone.jpg");
        tagged.Jpegsave(path, q: 90, keep: Enums.ForeignKeep.All);
        using var page = Load(path);

        var result = PageProfileClassifier.Classify(page);

        Assert.True(page.Source.Camera);
        Assert.Equal((expected, reason), (result.Profile, result.Reason));
    }

    [Fact]
    public void Classify_MildFalloffWithoutSourceFacts_Scan()
    {
        using var clean = RenderPage();
        using var page = Load(Save("mild.png", UnevenLighting.Apply(clean, 0.78)));

        var result = PageProfileClassifier.Classify(page);

        Assert.Equal(PageProfile.Scan, result.Profile);
        Assert.InRange(result.BackgroundSpread, PageProfileClassifier.DefaultPhotoSpread / 2, PageProfileClassifier.DefaultPhotoSpread);
    }

    [Fact]
    public void Classify_PlainJpegWithoutExif_Scan()
    {
        using var clean = RenderPage();
        var path = _temp.Combine("scanner.jpg");
        clean.Jpegsave(path, q: 90, keep: Enums.ForeignKeep.None);
        using var page = Load(path);

        Assert.Equal(PageProfile.Scan, PageProfileClassifier.Classify(page).Profile);
    }

    [Fact]
    public void Classify_ColourSourceWithMildFalloff_Photo()
    {
        using var clean = RenderPage();
        using var lit = UnevenLighting.Apply(clean, darkest: 0.78);
        using var colour = lit.Bandjoin(lit, lit).Copy(interpretation: Enums.Interpretation.Srgb);
        using var page = Load(Save("mild-colour.png", colour.Copy()));

        var colourResult = PageProfileClassifier.Classify(page);

        Assert.True(page.Source.Colour);
        Assert.Equal((PageProfile.Photo, "colour-uneven-light"), (colourResult.Profile, colourResult.Reason));
    }

    [Fact]
    public void BackgroundSpread_TinyPage_Zero()
    {
        using var tiny = Image.Black(10, 10) + 128;
        using var page = Load(Save("tiny.png", tiny.Cast(Enums.BandFormat.Uchar)));

        Assert.Equal(0, PageProfileClassifier.BackgroundSpread(page));
    }

    /// <summary>An A4-proportioned page at 150 dpi with a few lines of text in the upper half.</summary>
    internal static Image RenderPage()
    {
        using var mask = Image.Text(Text, font: "Noto Sans CJK JP 11", fontfile: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", dpi: 150);
        using var ink = mask.Invert();
        using var page = ink.Embed(120, 160, 1240, 1754, extend: Enums.Extend.White);
        return page.Copy(xres: 150 / 25.4, yres: 150 / 25.4);
    }

    private string Save(string name, Image image)
    {
        using (image)
        {
            var path = _temp.Combine(name);
            image.WriteToFile(path);
            return path;
        }
    }

    private static GrayPageImage Load(string path) =>
        new PageImageLoader(new VipsRuntime(), Options.Create(new ThumbnailOptions()), NullLogger<PageImageLoader>.Instance).LoadPage(path, 0);
}
