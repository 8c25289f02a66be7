using System.Globalization;
using FileSearch.Testing;
using FileSearch.Testing.Images;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetVips;
using Xunit.Abstractions;

namespace FileSearch.Imaging.Tests;

[Trait("Category", "Integration")]
public sealed class TextPresenceDetectorTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new("fs-text-presence");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Detect_LabelledSet_RecallOnTextImagesAtLeast99Percent()
    {
        // FILESEARCH_KEEP_TEXT_SET=DIR keeps the generated images there to look at.
        var folder = Environment.GetEnvironmentVariable("FILESEARCH_KEEP_TEXT_SET") is { Length: > 0 } keep ? keep : _temp.Combine("set");
        var set = TextPresenceSet.Create(folder, Path.Combine(AppContext.BaseDirectory, "ocr-accuracy"));
        var loader = new PageImageLoader(new VipsRuntime(), Options.Create(new ThumbnailOptions()), NullLogger<PageImageLoader>.Instance);
        var (truePositives, falsePositives, falseNegatives, trueNegatives) = (0, 0, 0, 0);
        foreach (var image in set)
        {
            using var page = loader.LoadPage(image.Path, 0);
            var started = TimeProvider.System.GetTimestamp();
            var found = TextPresenceDetector.Detect(page);
            var milliseconds = TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;
            var verdict = (image.HasText, found.HasText) switch
            {
                (true, true) => "TP",
                (false, true) => "FP",
                (true, false) => "FN",
                _ => "TN",
            };
            _ = verdict switch
            {
                "TP" => truePositives++,
                "FP" => falsePositives++,
                "FN" => falseNegatives++,
                _ => trueNegatives++,
            };
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{verdict} {image.Group,-12} {page.Width}x{page.Height} {found} scale {found.Scale} {milliseconds:F0} ms {Path.GetFileName(image.Path)}"));
        }

        var recall = (double)truePositives / (truePositives + falseNegatives);
        var precision = truePositives + falsePositives == 0 ? 1 : (double)truePositives / (truePositives + falsePositives);
        var textFreeSkipped = (double)trueNegatives / (trueNegatives + falsePositives);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"text images {truePositives + falseNegatives}, text-free photos {trueNegatives + falsePositives}: precision {precision:P1}, recall {recall:P1}, text-free photos skipped {textFreeSkipped:P1}"));
        Assert.True(recall >= 0.99, $"recall {recall:P1} on text images (missed {falseNegatives})");
        Assert.True(textFreeSkipped >= 0.5, $"only {textFreeSkipped:P1} of the text-free photos would skip OCR");
    }

    [Fact]
    public void Detect_BlankPage_NoText()
    {
        using var blank = Image.Black(2480, 3508).Invert();
        var pixels = blank.Cast(Enums.BandFormat.Uchar).WriteToMemory<byte>();

        var found = TextPresenceDetector.Detect(pixels, 2480, 3508, 2480);

        Assert.False(found.HasText);
        Assert.Equal(3, found.Scale);
    }

    [Theory]
    [InlineData("会議室は三階です", 14)]
    [InlineData("駐車場のご案内", 12)]
    [InlineData("First", 12)]
    public void Detect_OneShortLine_Text(string text, int pointSize)
    {
        using var page = TextImages.Render(text, pointSize);
        var pixels = page.WriteToMemory<byte>();

        var found = TextPresenceDetector.Detect(pixels, page.Width, page.Height, page.Width);

        Assert.True(found.HasText, found.ToString());
        Assert.InRange(found.Lines, 1, 4);
    }
}
