using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetVips;

namespace FileSearch.Imaging.Tests;

[Trait("Category", "Integration")]
public sealed class PageImageLoaderTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-imaging");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void LoadPages_MultiPageTiff_OneGrayPagePerTiffPage()
    {
        var path = _temp.Combine("pages.tif");
        TestImages.SaveMultiPage(path, 40, 30, 0, 128, 255);

        var sut = CreateSut();
        var means = new List<double>();
        foreach (var page in sut.LoadPages(path, maxPages: 10, CancellationToken.None))
        {
            using (page)
            {
                Assert.Equal((40, 30, 40), (page.Width, page.Height, page.Stride));
                Assert.Equal(40 * 30, page.Pixels.Length);
                Assert.Equal(means.Count + 1, page.PageNumber);
                means.Add(TestImages.Mean(page.Pixels));
            }
        }

        Assert.Equal(3, sut.CountPages(path));
        Assert.Equal([0, 128, 255], means.Select(m => Math.Round(m)));
    }

    [Fact]
    public void LoadPages_AnimatedGif_FramesUpToMaxPages()
    {
        var path = _temp.Combine("frames.gif");
        TestImages.SaveMultiPage(path, 20, 10, 0, 255, 0, 255);

        var pages = CreateSut().LoadPages(path, maxPages: 2, CancellationToken.None).ToList();
        try
        {
            Assert.Equal(2, pages.Count);
            Assert.True(TestImages.Mean(pages[0].Pixels) < 10);
            Assert.True(TestImages.Mean(pages[1].Pixels) > 245);
        }
        finally
        {
            pages.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public void LoadPage_ExifOrientation6_PageIsUpright()
    {
        var path = _temp.Combine("rotated.jpg");
        using (var image = TestImages.HalfBlackHalfWhite(80, 40))
        {
            TestImages.SaveJpegWithOrientation(image, path, orientation: 6);
        }

        using var page = CreateSut().LoadPage(path, 0);

        Assert.Equal((40, 80), (page.Width, page.Height));
        var half = page.Stride * page.Height / 2;
        Assert.True(TestImages.Mean(page.Pixels[..half]) < 20, "the black left half must be on top after a 90 degree turn");
        Assert.True(TestImages.Mean(page.Pixels[half..]) > 235);
    }

    [Fact]
    public void LoadPage_TransparentPng_FlattenedOntoWhite()
    {
        var path = _temp.Combine("transparent.png");
        using (var rgb = TestImages.Solid(10, 10, 0))
        using (var alpha = TestImages.Solid(10, 10, 0, bands: 1))
        using (var rgba = rgb.Bandjoin(alpha))
        {
            rgba.WriteToFile(path);
        }

        using var page = CreateSut().LoadPage(path, 0);

        Assert.Equal(255, TestImages.Mean(page.Pixels));
    }

    [Fact]
    public void LoadPage_SixteenBitGreyPng_ScaledToEightBit()
    {
        var path = _temp.Combine("grey16.png");
        using (var black = Image.Black(8, 8))
        using (var grey = black + 32768)
        using (var grey16 = grey.Cast(Enums.BandFormat.Ushort).Copy(interpretation: Enums.Interpretation.Grey16))
        {
            grey16.WriteToFile(path);
        }

        using var page = CreateSut().LoadPage(path, 0);

        Assert.Equal(128, TestImages.Mean(page.Pixels));
    }

    [Fact]
    public void LoadPage_FloatTiff_ClampedToEightBit()
    {
        var path = _temp.Combine("float.tif");
        using (var black = Image.Black(8, 8))
        using (var value = black + 99.6)
        using (var single = value.Cast(Enums.BandFormat.Float))
        {
            single.Tiffsave(path);
        }

        using var page = CreateSut().LoadPage(path, 0);

        Assert.Equal(99, TestImages.Mean(page.Pixels));
    }

    [Fact]
    public void LoadPage_CmykJpeg_ConvertedToGray()
    {
        var path = _temp.Combine("cmyk.jpg");
        using (var white = TestImages.Solid(16, 16, 255))
        using (var cmyk = white.Colourspace(Enums.Interpretation.Cmyk))
        {
            cmyk.Jpegsave(path);
        }

        using var page = CreateSut().LoadPage(path, 0);

        Assert.True(TestImages.Mean(page.Pixels) > 230);
    }

    [Theory]
    [InlineData(300.0, 300.0)]
    [InlineData(10.0, null)]
    public void LoadPage_ResolutionInFile_DpiReportedWhenPlausible(double dpi, double? expected)
    {
        var path = _temp.Combine("dpi.tif");
        using (var image = TestImages.Solid(10, 10, 255))
        using (var withRes = image.Copy(xres: dpi / 25.4, yres: dpi / 25.4))
        {
            withRes.Tiffsave(path, resunit: Enums.ForeignTiffResunit.Inch);
        }

        using var page = CreateSut().LoadPage(path, 0);

        Assert.Equal(expected, page.Dpi);
    }

    [Fact]
    public void LoadPage_HugeDimensionsInHeader_RejectedBeforeDecoding()
    {
        var path = _temp.Combine("bomb.png");
        File.WriteAllBytes(path, TestImages.PngHeaderOnly(50_000, 50_000));

        var e = Assert.Throws<ProcessingException>(() => CreateSut().LoadPage(path, 0));

        Assert.Equal(("image-too-large", FailureKind.Permanent), (e.Code, e.Kind));
        Assert.Contains("50000x50000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CountPages_ZeroByteFile_EmptyFilePermanent()
    {
        var path = _temp.Combine("empty.png");
        File.WriteAllBytes(path, []);

        var e = Assert.Throws<ProcessingException>(() => CreateSut().CountPages(path));

        Assert.Equal(("empty-file", FailureKind.Permanent), (e.Code, e.Kind));
    }

    [Fact]
    public void CountPages_MissingFile_ObjectNotFoundPermanent()
    {
        var e = Assert.Throws<ProcessingException>(() => CreateSut().CountPages(_temp.Combine("nope.png")));

        Assert.Equal(("object-not-found", FailureKind.Permanent), (e.Code, e.Kind));
    }

    [Fact]
    public void LoadPage_PageBeyondTheLast_CorruptImagePermanent()
    {
        var path = _temp.Combine("two.tif");
        TestImages.SaveMultiPage(path, 4, 4, 0, 255);

        var e = Assert.Throws<ProcessingException>(() => CreateSut().LoadPage(path, 5));

        Assert.Equal(("corrupt-image", FailureKind.Permanent), (e.Code, e.Kind));
    }

    [Fact]
    public void LoadPage_TruncatedPixelData_CorruptImage()
    {
        var path = _temp.Combine("truncated.png");
        File.WriteAllBytes(path, TestImages.PngHeaderOnly(200, 200));

        var e = Assert.Throws<ProcessingException>(() => CreateSut().LoadPage(path, 0));

        Assert.Equal(("corrupt-image", FailureKind.Permanent), (e.Code, e.Kind));
        Assert.StartsWith("Image page 1 could not be decoded: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadPage_HevcHeic_UnsupportedImage()
    {
        var path = await TestImages.SaveHevcHeicAsync(_temp.Combine("iphone.heic"));

        var e = Assert.Throws<ProcessingException>(() => CreateSut().LoadPage(path, 0));

        Assert.Equal("unsupported-image", e.Code);
    }

    [Fact]
    public void LoadPages_CancelledBetweenPages_Throws()
    {
        var path = _temp.Combine("pages.tif");
        TestImages.SaveMultiPage(path, 4, 4, 0, 255, 0);
        using var cts = new CancellationTokenSource();

        var seen = 0;
        Assert.Throws<OperationCanceledException>(() =>
        {
            foreach (var page in CreateSut().LoadPages(path, 10, cts.Token))
            {
                page.Dispose();
                seen++;
                cts.Cancel();
            }
        });
        Assert.Equal(1, seen);
    }

    [Fact]
    public void Pixels_AfterDispose_ThrowsObjectDisposed()
    {
        var path = _temp.Combine("one.png");
        using (var image = TestImages.Solid(4, 4, 255))
        {
            image.WriteToFile(path);
        }

        var page = CreateSut().LoadPage(path, 0);
        page.Dispose();

        Assert.Throws<ObjectDisposedException>(() => page.Pixels.Length);
    }

    [Theory]
    [InlineData(FileKind.Png, true)]
    [InlineData(FileKind.Tiff, true)]
    [InlineData(FileKind.Gif, true)]
    [InlineData(FileKind.Pdf, false)]
    [InlineData(FileKind.Bmp, false)]
    public void CanLoad_Kind_MatchesBundledLoaders(FileKind kind, bool expected)
    {
        Assert.Equal(expected, CreateSut().CanLoad(kind));
    }

    private static PageImageLoader CreateSut(long maxPixels = 100_000_000) =>
        new(new VipsRuntime(), Options.Create(new ThumbnailOptions { MaxPixels = maxPixels }),
            NullLogger<PageImageLoader>.Instance);
}
