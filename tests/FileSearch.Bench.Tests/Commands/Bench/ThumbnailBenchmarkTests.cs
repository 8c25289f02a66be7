using System.Globalization;
using System.Text.RegularExpressions;
using FileSearch.Bench.Commands.Bench;
using FileSearch.Cli.Commands;
using FileSearch.Testing;

namespace FileSearch.Bench.Tests.Commands.Bench;

/// <summary><c>bench thumbnails</c>: interleaved rounds, ImageMagick with shrink-on-load, and a check of both outputs that fails on a mismatch.</summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class ThumbnailBenchmarkTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-bench-thumbs");

    public void Dispose() => _temp.Dispose();

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Thumbnails_TwoPhotosTwoRounds_AlternatesWhoGoesFirstAndOutputsMatch()
    {
        var photos = WritePhotos();

        var (exit, output) = await InProcessBench.RunAsync(_temp.Combine("data"), "bench", "thumbnails", "--images", photos, "--rounds", "2");

        Assert.True(exit == ExitCodes.Success, output);
        Assert.Contains("round 1 of 2: libvips first", output, StringComparison.Ordinal);
        Assert.Contains("round 2 of 2: ImageMagick first", output, StringComparison.Ordinal);
        var result = ResultLine().Match(output.TrimEnd().Split('\n')[^1]);
        Assert.True(result.Success, output);
        Assert.InRange(double.Parse(result.Groups["difference"].Value, CultureInfo.InvariantCulture), 0, 8);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Thumbnails_BaselineProducesAnotherPicture_MismatchFailsTheRun()
    {
        var photos = WritePhotos();
        // A convert that makes the thumbnail, then negates it: right size, wrong pixels.
        var script = _temp.Combine("negating-convert");
        File.WriteAllText(script, "#!/bin/sh\n/usr/bin/convert \"$@\" || exit $?\nfor last; do :; done\nexec /usr/bin/convert \"$last\" -negate \"$last\"\n");
        Assert.True(OperatingSystem.IsLinux(), "the benchmark runs ImageMagick and /usr/bin/time on Linux");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var (exit, output) = await InProcessBench.RunAsync(_temp.Combine("data"), "bench", "thumbnails", "--images", photos, "--rounds", "1", "--convert", script);

        Assert.True(exit == ExitCodes.Error, output);
        Assert.Contains("THUMBNAIL MISMATCH: photo-000.jpg: 256x192 vs 256x192, mean absolute difference", output, StringComparison.Ordinal);
        Assert.EndsWith("mismatches=2 passed=false", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_OtherSizeOrOtherPicture_DoesNotMatch()
    {
        var folder = WritePhotos();
        using var a = NetVips.Image.NewFromFile(Path.Combine(folder, "photo-000.jpg"));
        using var b = NetVips.Image.NewFromFile(Path.Combine(folder, "photo-001.jpg"));
        using var thumbA = a.ThumbnailImage(256);
        using var thumbB = b.ThumbnailImage(256);
        using var smaller = a.ThumbnailImage(200);
        thumbA.WriteToFile(_temp.Combine("a.webp"));
        thumbB.WriteToFile(_temp.Combine("b.webp"));
        smaller.WriteToFile(_temp.Combine("small.webp"));

        var same = ThumbnailComparison.Compare("a", _temp.Combine("a.webp"), _temp.Combine("a.webp"));
        var other = ThumbnailComparison.Compare("a", _temp.Combine("a.webp"), _temp.Combine("b.webp"));
        var size = ThumbnailComparison.Compare("a", _temp.Combine("a.webp"), _temp.Combine("small.webp"));

        Assert.True(same.Matches(0));
        Assert.True(other.SameSize);
        Assert.False(other.Matches(8), other.Describe());
        Assert.False(size.SameSize);
        Assert.False(size.Matches(255));
    }

    [Fact]
    public void ImageMagickArguments_ShrinkOnLoadBeforeTheInput()
    {
        var arguments = new ImageMagickThumbnails("convert", 80, 2).Arguments("in.jpg", "out.webp");

        Assert.Equal(["-define", "jpeg:size=256x256", "in.jpg"], arguments.Take(3));
        Assert.Contains("-thumbnail", arguments);
        Assert.Contains("-strip", arguments);
        Assert.Equal("80", arguments[arguments.ToList().IndexOf("-quality") + 1]);
        Assert.Contains("webp:method=2", arguments);
    }

    /// <summary>Two 1024x768 photo-like JPEGs.</summary>
    private string WritePhotos()
    {
        var folder = _temp.Combine("photos");
        if (!Directory.Exists(folder))
        {
            BenchPhotos.Ensure(folder, 2, 1024, 768, CancellationToken.None);
        }

        return folder;
    }

    [GeneratedRegex(@"^RESULT thumbnails photos=2 rounds=2 per_s=\d+\.\d\d imagemagick_per_s=\d+\.\d\d ratio=\d+\.\d\d peak_mb=\d+ imagemagick_peak_mb=\d+ baseline_mb=\d+ thumbnailer_mb=-?\d+ max_difference=(?<difference>\d+\.\d\d) mismatches=0 passed=true$")]
    private static partial Regex ResultLine();
}
