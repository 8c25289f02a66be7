using System.Globalization;
using System.Text.RegularExpressions;
using FileSearch.Cli.Commands;
using FileSearch.Testing;

namespace FileSearch.Bench.Tests.Commands.Bench;

/// <summary>A bounded <c>bench ocr-photos</c>: two real photographs at 2 MP, one round of the three sides.</summary>
[Trait("Category", "Integration")]
[Collection(ConsoleCollection.Name)]
public sealed partial class PhotoOcrBenchCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-ocr-photos");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task BenchOcrPhotos_TwoPhotos_ResultLineWithTheThreeSidesAndNothingLeftBehind()
    {
        var (exit, output) = await InProcessBench.RunAsync(_temp.Path, "bench", "ocr-photos", "--count", "2", "--megapixels", "2", "--rounds", "1");

        Assert.True(exit == ExitCodes.Success, output);
        var match = Result().Match(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1]);
        Assert.True(match.Success, output);
        Assert.Equal("2", match.Groups["photos"].Value);
        Assert.InRange(int.Parse(match.Groups["skipped"].Value, CultureInfo.InvariantCulture), 0, 2);
        foreach (var side in new[] { "cli", "full", "checked" })
        {
            Assert.True(double.Parse(match.Groups[side].Value, CultureInfo.InvariantCulture) > 0, side);
        }

        Assert.Empty(Directory.GetDirectories(Path.Combine(_temp.Path, "tmp"), "bench-ocr-photos-*"));
    }

    [Theory]
    [InlineData("--count", "0")]
    [InlineData("--megapixels", "80")]
    public async Task BenchOcrPhotos_BadArguments_UsageError(string option, string value)
    {
        var (exit, _) = await InProcessBench.RunAsync(_temp.Path, "bench", "ocr-photos", option, value);

        Assert.Equal(ExitCodes.Usage, exit);
    }

    [GeneratedRegex(@"^RESULT ocr-photos photos=(?<photos>\d+) megapixels=\d+ cli_s=(?<cli>[\d.]+) full_s=(?<full>[\d.]+) checked_s=(?<checked>[\d.]+) checked_vs_cli=[\d.]+ full_vs_cli=[\d.]+ skipped=(?<skipped>\d+) full_letters=\d+ checked_letters=\d+$")]
    private static partial Regex Result();
}
