using System.Globalization;
using System.Text.RegularExpressions;
using FileSearch.Bench.Commands.Bench;
using FileSearch.Bench.Commands.Bench.OcrSet;
using FileSearch.Cli.Commands;
using FileSearch.Testing;
using NetVips;

namespace FileSearch.Bench.Tests.Commands.Bench;

/// <summary><c>bench ocr</c> over pages with ground truth, and <c>bench ocr-set</c> against the committed accuracy set.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
public sealed partial class OcrBenchCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-bench-ocr");

    private static string CommittedSet => Path.Combine(AppContext.BaseDirectory, "ocr-accuracy");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Ocr_PagesWithGroundTruth_PrintsCerOfPoolAndCliOnTheResultLine()
    {
        var pages = Directory.CreateDirectory(_temp.Combine("pages")).FullName;
        foreach (var name in new[] { "05-clean-report", "25-vertical-jpeg-secrecy" })
        {
            foreach (var file in Directory.GetFiles(CommittedSet, name + ".*"))
            {
                File.Copy(file, Path.Combine(pages, Path.GetFileName(file)));
            }
        }

        File.Delete(Path.Combine(pages, "25-vertical-jpeg-secrecy" + OcrSetCommand.GroundTruthSuffix));

        var (exit, output) = await InProcessBench.RunAsync(_temp.Combine("data"), "bench", "ocr", "--pages", pages);

        Assert.True(exit == ExitCodes.Success, output);
        Assert.Contains("(1 page(s) with ground truth)", output, StringComparison.Ordinal);
        var result = ResultLine().Match(output.TrimEnd().Split('\n')[^1]);
        Assert.True(result.Success, output);
        Assert.InRange(double.Parse(result.Groups["cer"].Value, CultureInfo.InvariantCulture), 0, 0.03);
        Assert.InRange(double.Parse(result.Groups["cli"].Value, CultureInfo.InvariantCulture), 0, 0.03);
    }

    [Fact]
    public async Task Ocr_GeneratedPage_GroundTruthByDefaultAndCerOfBothSidesOnTheResultLine()
    {
        var (exit, output) = await InProcessBench.RunAsync(_temp.Combine("data"), "bench", "ocr", "--count", "1", "--rounds", "1");

        Assert.True(exit == ExitCodes.Success, output);
        Assert.Contains("(1 page(s) with ground truth)", output, StringComparison.Ordinal);
        Assert.Matches(ResultLine(), output.TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public async Task Ocr_ReadingFarFromGroundTruth_FailsNamingBothSides()
    {
        var pages = Directory.CreateDirectory(_temp.Combine("wrong")).FullName;
        File.Copy(Path.Combine(CommittedSet, "05-clean-report.png"), Path.Combine(pages, "report.png"));
        File.WriteAllText(Path.Combine(pages, "report" + OcrSetCommand.GroundTruthSuffix), "この文章はページに書かれていない。\n");

        var (exit, output) = await InProcessBench.RunAsync(_temp.Combine("data"), "bench", "ocr", "--pages", pages, "--rounds", "1");

        Assert.True(exit == ExitCodes.Error, output);
        Assert.Contains("OCR CHECK FAILED: engine pool: character error rate", output, StringComparison.Ordinal);
        Assert.Contains("OCR CHECK FAILED: tesseract CLI: character error rate", output, StringComparison.Ordinal);
        Assert.StartsWith("RESULT ocr ", output.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Accuracy_OneSideMisreads_OnlyThatSideIsAProblem()
    {
        var accuracy = OcrBenchAccuracy.Measure([("請求書を送付します。", "請求書を送付します。", "講求書を送什しよす。")]);

        Assert.Equal(0, accuracy.Cer);
        Assert.Equal(0.3, accuracy.CliCer, 3);
        Assert.Equal(" cer=0.0000 cli_cer=0.3000", accuracy.ResultFields);
        var problem = Assert.Single(accuracy.Problems(0.05));
        Assert.StartsWith("tesseract CLI: character error rate 30.00 %", problem, StringComparison.Ordinal);
        Assert.Empty(accuracy.Problems(0.3));
    }

    [Fact]
    public async Task Ocr_PagesWithoutGroundTruthTwoRounds_ResultLineHasNoCerAndEachRoundIsReported()
    {
        var pages = Directory.CreateDirectory(_temp.Combine("plain")).FullName;
        File.Copy(Path.Combine(CommittedSet, "05-clean-report.png"), Path.Combine(pages, "report.png"));

        var (exit, output) = await InProcessBench.RunAsync(_temp.Combine("data"), "bench", "ocr", "--pages", pages, "--rounds", "2");

        Assert.True(exit == ExitCodes.Success, output);
        Assert.StartsWith("RESULT ocr pages_per_s=", output.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("cer=", output, StringComparison.Ordinal);
        Assert.Equal(2, output.Split('\n').Count(l => l.Contains("(a) engine pool", StringComparison.Ordinal)));
        Assert.Contains("medians of 2 round(s)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("21")]
    public async Task Ocr_RoundsOutOfRange_UsageError(string rounds)
    {
        var (exit, output) = await InProcessBench.RunAsync(_temp.Combine("data"), "bench", "ocr", "--rounds", rounds);

        Assert.True(exit == ExitCodes.Usage, output);
        Assert.DoesNotContain("RESULT", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OcrSet_Run_WritesTheCommittedSet()
    {
        var (exit, output) = await InProcessBench.RunAsync(_temp.Combine("data"), "bench", "ocr-set", "--out", _temp.Combine("set"));

        Assert.True(exit == ExitCodes.Success, output);
        Assert.Matches(SetResult(), output);
        var written = Directory.GetFiles(_temp.Combine("set")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var committed = Directory.GetFiles(CommittedSet).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(committed, written);
        var hint = "differs from tests/data/ocr-accuracy: regenerate it with ./filesearch-bench bench ocr-set --out tests/data/ocr-accuracy";
        foreach (var name in written)
        {
            var (mine, theirs) = (_temp.Combine("set", name!), Path.Combine(CommittedSet, name!));
            if (name!.EndsWith(".png", StringComparison.Ordinal) || name.EndsWith(".jpg", StringComparison.Ordinal))
            {
                // Another libvips or libjpeg may encode the same page in other bytes; the pixels must stay the same.
                using var a = Image.NewFromFile(mine);
                using var b = Image.NewFromFile(theirs);
                Assert.True(a.Width == b.Width && a.Height == b.Height, $"{name} {hint}");
                using var difference = (a - b).Abs();
                Assert.True(difference.Avg() < 1, $"{name} {hint}");
            }
            else
            {
                Assert.True(File.ReadAllText(mine) == File.ReadAllText(theirs), $"{name} {hint}");
            }
        }
    }

    [GeneratedRegex(@"^RESULT ocr pages_per_s=\d+\.\d{3} cli_pages_per_s=\d+\.\d{3} ratio=\d+\.\d\d engine_limit_pages_per_s=\d+\.\d{3} parallel_cli_pages_per_s=\d+\.\d{3} cer=(?<cer>\d\.\d{4}) cli_cer=(?<cli>\d\.\d{4})(?: [a-z_]+=(?:\d+\.\d+|n/a))*$")]
    private static partial Regex ResultLine();

    [GeneratedRegex(@"RESULT ocr-set pages=\d+ clean=\d+ degraded=\d+ bytes=\d+")]
    private static partial Regex SetResult();
}
