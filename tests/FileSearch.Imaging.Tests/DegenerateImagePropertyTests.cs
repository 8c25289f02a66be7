using CsCheck;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Testing;
using FileSearch.Testing.Degenerate;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Imaging.Tests;

/// <summary>
/// Valid images of any size (1×1 up), colour model and container, drawn by CsCheck: decoding, OCR preprocessing and
/// thumbnails either work or fail with a permanent, specific <see cref="ProcessingException"/>, never a raw libvips
/// exception (which the worker would retry as unknown). A failing case is shrunk and printed with its seed.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DegenerateImagePropertyTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-degenerate-images");
    private readonly PageImageLoader _loader = new(new VipsRuntime(), Options.Create(new ThumbnailOptions()), NullLogger<PageImageLoader>.Instance);
    private readonly NetVipsThumbnailer _thumbnailer = new(new VipsRuntime(), Options.Create(new ThumbnailOptions { Sizes = [256], Placeholders = false }),
        TimeProvider.System, NullLogger<NetVipsThumbnailer>.Instance);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void LoadRgb_StripOf10000x2_CentreScaledInAFractionOfASecond()
    {
        var path = _temp.Combine("strip.png");
        DegenerateImages.WriteFile(new ImageSpec(10000, 2, ImageModel.Rgb, ImageFill.Stripes, "png"), path);
        var started = TimeProvider.System.GetTimestamp();

        var rgb = ModelInputImage.LoadRgb(path, 224, new ThumbnailOptions().MaxPixels, NullLogger.Instance);

        Assert.Equal(224 * 224 * 3, rgb.Length);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(3), "scaling the short side first made a 1,120,000x224 image (20 s)");
    }

    [Theory]
    [InlineData(18, 653)] // shrank to 7x256 for a 9x9 rank window (found by the ingest corpus, seed 0008XMkQnBJ1)
    [InlineData(653, 18)]
    [InlineData(5000, 1)]
    [InlineData(3, 2)]
    public void PreprocessAndClassify_Strips_NoLibvipsError(int width, int height)
    {
        var path = _temp.Combine($"strip-{width}x{height}.webp");
        DegenerateImages.WriteFile(new ImageSpec(width, height, ImageModel.Rgb, ImageFill.Stripes, "webp"), path);
        using var page = _loader.LoadPage(path, 0);

        var profile = PageProfileClassifier.Classify(page);
        using var photo = PagePreprocessor.Process(page, PreprocessingSettings.Photo);

        Assert.Equal(0, profile.BackgroundSpread);
        Assert.Equal(page.Width, photo.Image.Width);
    }

    [Fact]
    public void DecodePreprocessThumbnail_AnyValidImage_WorksOrFailsPermanentlyWithSpecificCode()
    {
        var n = 0;
        DegenerateImages.Specs.Sample(spec =>
        {
            var path = _temp.Combine($"{Interlocked.Increment(ref n)}-{spec.Name}");
            DegenerateImages.WriteFile(spec, path);
            try
            {
                using (var page = _loader.LoadPage(path, 0))
                {
                    Assert.NotNull(PageProfileClassifier.Classify(page, PageProfileClassifier.DefaultPhotoSpread).Reason);
                    using var scan = PagePreprocessor.Process(page, PreprocessingSettings.Scan);
                    using var photo = PagePreprocessor.Process(page, PreprocessingSettings.Photo);
                    using var turned = PagePreprocessor.RotateClockwise(page, 90);
                    Assert.True(scan.Image.Width > 0 && photo.Image.Height > 0 && turned.Width == page.Height);
                }

                var thumbnails = _thumbnailer.CreateAsync(path, KindOf(spec.Extension), CancellationToken.None).GetAwaiter().GetResult();
                Assert.NotEmpty(thumbnails);
                Assert.Equal(224 * 224 * 3, ModelInputImage.LoadRgb(path, 224, new ThumbnailOptions().MaxPixels, NullLogger.Instance).Length);
            }
            catch (ProcessingException e) when (e.Kind == FailureKind.Permanent && e.Code is "image-too-large" or "unsupported-image")
            {
                // a specific, permanent refusal is an acceptable outcome
            }
            finally
            {
                File.Delete(path);
            }
        }, iter: 80, threads: 1);
    }

    private static FileKind KindOf(string extension) => extension switch
    {
        "png" => FileKind.Png,
        "jpg" => FileKind.Jpeg,
        "gif" => FileKind.Gif,
        "webp" => FileKind.WebP,
        _ => FileKind.Tiff,
    };
}
