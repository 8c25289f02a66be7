using System.Globalization;
using FileSearch.Testing;
using FileSearch.Testing.Images;
using Xunit.Abstractions;

namespace FileSearch.Ocr.Tesseract.Tests;

/// <summary>
/// Camera photos with text (signs and boards in real photographs) read where the text is and at the size of their
/// text, against the same pictures read whole at the file's resolution.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PictureWindowTests(TesseractFixture fixture, ITestOutputHelper output) : IClassFixture<TesseractFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("fs-ocr-window");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task RecognizeFileAsync_SignAndBoardPhotos_WindowsReadAsMuchTextFasterThanWholePicture()
    {
        var set = TextPresenceSet.Create(_temp.Combine("set"), AccuracySet.Directory);

        // Every sixth sign and every sixth board (sizes from small to large, both kinds of sign, boards turned either way).
        var pictures = set.Where(i => i.Group == "photo+sign").Where((_, n) => n % 6 == 0)
            .Concat(set.Where(i => i.Group == "photo+board").Where((_, n) => n % 6 == 1))
            .ToList();
        var whole = fixture.CreateEngine(options: WithWindows(false));
        var windowed = fixture.CreateEngine(options: WithWindows(true));
        var (wholeFound, windowFound, expected, windowedPictures) = (0, 0, 0, 0);
        var (wholeSeconds, windowSeconds) = (0.0, 0.0);
        foreach (var picture in pictures)
        {
            var characters = picture.Text!.Where(c => !char.IsWhiteSpace(c)).ToList();
            var (wholeResult, wholeTime) = await ReadAsync(whole, picture.Path);
            var (windowResult, windowTime) = await ReadAsync(windowed, picture.Path);
            var (a, b) = (Found(characters, wholeResult.Text), Found(characters, windowResult.Text));
            (wholeFound, windowFound, expected) = (wholeFound + a, windowFound + b, expected + characters.Count);
            (wholeSeconds, windowSeconds) = (wholeSeconds + wholeTime, windowSeconds + windowTime);
            windowedPictures += windowResult.Operations.Contains("window:", StringComparison.Ordinal)
                || windowResult.Operations.Contains("reduce:", StringComparison.Ordinal) ? 1 : 0;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(picture.Path),-34} whole {a,3}/{characters.Count} {wholeTime,5:F1} s | window {b,3}/{characters.Count} {windowTime,5:F1} s [{windowResult.Operations}]"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{pictures.Count} pictures: characters found whole {wholeFound}/{expected}, window {windowFound}/{expected}; seconds whole {wholeSeconds:F1}, window {windowSeconds:F1}; windowed or reduced {windowedPictures}"));
        Assert.True(windowFound >= wholeFound, $"the window found {windowFound} characters, the whole picture {wholeFound}");
        Assert.True(windowedPictures >= pictures.Count / 2, $"only {windowedPictures} of {pictures.Count} pictures were read in a window or reduced");
        Assert.True(windowSeconds < wholeSeconds, $"windows took {windowSeconds:F1} s, whole pictures {wholeSeconds:F1} s");
    }

    private static OcrOptions WithWindows(bool windows)
    {
        var options = TesseractFixture.CreateOptions();
        options.ReadPicturesWhereTextIs = windows;
        return options;
    }

    private static async Task<(Core.Ports.OcrResult Result, double Seconds)> ReadAsync(TesseractOcrEngine engine, string path)
    {
        var started = TimeProvider.System.GetTimestamp();
        var result = Assert.Single(await engine.RecognizeFileAsync(path, CancellationToken.None));
        return (result, TimeProvider.System.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>How many of <paramref name="characters"/> the text has (each occurrence used once).</summary>
    private static int Found(List<char> characters, string text)
    {
        var left = text.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        var found = 0;
        foreach (var c in characters)
        {
            if (left.TryGetValue(c, out var n) && n > 0)
            {
                left[c] = n - 1;
                found++;
            }
        }

        return found;
    }
}
