using System.Globalization;
using System.Text.RegularExpressions;
using FileSearch.Bench.Commands.Bench;
using FileSearch.Cli.Commands;
using FileSearch.Testing;

namespace FileSearch.Bench.Tests.Commands.Bench;

/// <summary><c>bench embed</c>: both embedders on the same photos in interleaved rounds, ending with the RESULT line.</summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class EmbedBenchmarkTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-bench-embed");

    public void Dispose() => _temp.Dispose();

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Embed_TwoPhotosTwoRounds_AlternatesWhoGoesFirstAndPrintsResult()
    {
        var photos = _temp.Combine("photos");
        BenchPhotos.Ensure(photos, 2, 640, 480, CancellationToken.None);

        var (exit, output) = await InProcessBench.RunAsync(_temp.Combine("data"), "bench", "embed", "--images", photos, "--rounds", "2");

        Assert.True(exit == ExitCodes.Success, output);
        Assert.Contains("round 1 of 2: resnet18 first", output, StringComparison.Ordinal);
        Assert.Contains("round 2 of 2: descriptor first", output, StringComparison.Ordinal);
        var result = ResultLine().Match(output.TrimEnd().Split('\n')[^1]);
        Assert.True(result.Success, output);
        Assert.True(double.Parse(result.Groups["resnet"].Value, CultureInfo.InvariantCulture) > 0, output);
        Assert.True(double.Parse(result.Groups["descriptor"].Value, CultureInfo.InvariantCulture) > 0, output);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Embed_NoPhotosInFolder_UsageError()
    {
        Directory.CreateDirectory(_temp.Combine("empty"));

        var (exit, output) = await InProcessBench.RunAsync(_temp.Combine("data"), "bench", "embed", "--images", _temp.Combine("empty"));

        Assert.True(exit == ExitCodes.Usage, output);
        Assert.Contains("No JPEG photos found", output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^RESULT embed images=2 rounds=2 resnet18_per_s=(?<resnet>\d+\.\d\d) resnet18_batch_per_s=\d+\.\d\d descriptor_per_s=(?<descriptor>\d+\.\d\d) ratio=\d+\.\d\d resnet18_peak_mb=\d+ descriptor_peak_mb=\d+ resnet18_run_mb=-?\d+ descriptor_run_mb=-?\d+ model_mb=-?\d+$")]
    private static partial Regex ResultLine();
}
