using System.Globalization;
using System.Text.RegularExpressions;
using FileSearch.Bench.Commands.Bench.Corpus;
using FileSearch.Cli.Commands;
using FileSearch.Testing;
using NetVips;

namespace FileSearch.Bench.Tests.Commands.Bench;

/// <summary><c>bench corpus</c> and a bounded <c>bench pipeline</c> over four files, with the real engines and tools.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
public sealed partial class PipelineBenchCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-bench");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Pipeline_SmallCorpus_EndsWithResultLineAndBothRunsIndexTheSameDocuments()
    {
        var corpus = Directory.CreateDirectory(_temp.Combine("corpus")).FullName;
        var generator = new CorpusGenerator(corpus, seed: 3, maxPages: 1);
        foreach (var index in new[] { 0, 2, 3 })
        {
            generator.Write(index);
        }

        WriteOneLineScan(Path.Combine(corpus, "スキャン_一行.png"));

        var (exit, output) = await InProcessBench.RunAsync(_temp.Combine("data"), "bench", "pipeline", "--corpus", corpus, "--concurrency", "2");

        Assert.True(exit == ExitCodes.Success, output);
        var last = output.TrimEnd().Split('\n')[^1];
        Assert.Matches(ResultLine(), last);
        Assert.Contains("Same results: 4 of 4 files agree", output, StringComparison.Ordinal);
        Assert.DoesNotContain("MISMATCH", output, StringComparison.Ordinal);
        Assert.InRange(int.Parse(ResultLine().Match(last).Groups["baseline"].Value, CultureInfo.InvariantCulture), 1, int.MaxValue);
        foreach (var stage in new[] { "download", "extract", "thumbnail", "index" })
        {
            Assert.Contains($"│ {stage}", output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("not indexed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_PerType_EachTypeAloneOnBothSidesWithARatioPerType()
    {
        var corpus = Directory.CreateDirectory(_temp.Combine("types")).FullName;
        var generator = new CorpusGenerator(corpus, seed: 3, maxPages: 1);
        foreach (var index in new[] { 2, 3, 15 })
        {
            generator.Write(index); // a DOCX and two Shift_JIS texts
        }

        var (exit, output) = await InProcessBench.RunAsync(_temp.Combine("data"), "bench", "pipeline", "--corpus", corpus, "--per-type", "--type-rounds", "2", "--type-seconds", "0");

        Assert.True(exit == ExitCodes.Success, output);
        var last = output.TrimEnd().Split('\n')[^1];
        Assert.StartsWith("RESULT pipeline files=3 ", last, StringComparison.Ordinal);
        Assert.Matches(@" passed=true docx_ratio=\d+\.\d\d txt_ratio=\d+\.\d\d min_type_ratio=\d+\.\d\d type_mismatches=0 type_rounds=2 max_type_rounds=2$", last);
        Assert.Contains("Each type alone", output, StringComparison.Ordinal);
        // The types run after the mixed run, each in both orders.
        Assert.True(output.IndexOf("Seed-style baseline", StringComparison.Ordinal) < output.IndexOf("files alone", StringComparison.Ordinal), output);
        Assert.Contains("txt: 2 files alone, round 1 (2 at least), pipeline then baseline", output, StringComparison.Ordinal);
        Assert.Contains("txt: 2 files alone, round 2 (2 at least), baseline then pipeline", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_OcrTextOutsideTheBound_ListsTheFileAndFails()
    {
        var corpus = Directory.CreateDirectory(_temp.Combine("scan")).FullName;
        WriteOneLineScan(Path.Combine(corpus, "スキャン_一行.png"));

        // No reading can have a negative error rate: the OCR'd file must be reported as a mismatch and fail the run.
        var (exit, output) = await InProcessBench.RunAsync(_temp.Combine("data"), "bench", "pipeline", "--corpus", corpus, "--max-cer", "-1");

        Assert.True(exit == ExitCodes.Error, output);
        Assert.Contains("MISMATCH スキャン_一行.png: OCR text differs", output, StringComparison.Ordinal);
        Assert.EndsWith("mismatches=1 passed=false", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_MissingCorpus_ReturnsUsage()
    {
        var (exit, output) = await InProcessBench.RunAsync(_temp.Combine("data"), "bench", "pipeline", "--corpus", _temp.Combine("nothing-here"));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("bench corpus", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Corpus_SameSeedTwice_WritesIdenticalFiles()
    {
        var first = await InProcessBench.RunAsync(_temp.Combine("data"), "bench", "corpus", "--out", _temp.Combine("a"), "--files", "6", "--seed", "7", "--max-pages", "1");
        var second = await InProcessBench.RunAsync(_temp.Combine("data"), "bench", "corpus", "--out", _temp.Combine("b"), "--files", "6", "--seed", "7", "--max-pages", "1");

        Assert.True(first.ExitCode == ExitCodes.Success, first.Output);
        Assert.Matches(CorpusResult(), first.Output);
        var a = Directory.GetFiles(_temp.Combine("a")).Order(StringComparer.Ordinal).ToArray();
        var b = Directory.GetFiles(_temp.Combine("b")).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(6, a.Length);
        Assert.Equal(a.Select(Path.GetFileName), b.Select(Path.GetFileName));
        Assert.All(a.Zip(b), pair => Assert.True(File.ReadAllBytes(pair.First).SequenceEqual(File.ReadAllBytes(pair.Second)), pair.First));
        Assert.Equal(CorpusResult().Match(first.Output).Value, CorpusResult().Match(second.Output).Value);
    }

    /// <summary>A small image with one line of Japanese: OCR'd by both runs in about a second.</summary>
    private static void WriteOneLineScan(string path)
    {
        using var mask = Image.Text("請求書を送付します。", font: "Noto Sans CJK JP 11", fontfile: ScanRenderer.FontFile, dpi: 300);
        using var ink = mask.Invert();
        using var page = ink.Embed(60, 60, mask.Width + 120, mask.Height + 120, extend: Enums.Extend.White);
        page.WriteToFile(path);
    }

    [GeneratedRegex(@"^RESULT pipeline files=4 files_per_min=\d+\.\d\d baseline_files_per_min=\d+\.\d\d ratio=\d+\.\d\d p95_file_s=\d+\.\d\d peak_rss_mb=\d+ baseline_peak_rss_mb=(?<baseline>\d+) max_ocr_cer=\d\.\d{4} mismatches=0 passed=true$")]
    private static partial Regex ResultLine();

    [GeneratedRegex(@"RESULT corpus files=6 pages=\d+ bytes=\d+ seed=7")]
    private static partial Regex CorpusResult();
}
