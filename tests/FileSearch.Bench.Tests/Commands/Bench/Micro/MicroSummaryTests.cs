using FileSearch.Bench.Commands.Bench.Micro;

namespace FileSearch.Bench.Tests.Commands.Bench.Micro;

/// <summary>
/// <c>bench micro</c>'s reading of BenchmarkDotNet's CSV report. sample-report.csv is a real dry run of the knn and queue
/// classes (`--job dry --inProcess`) with rows added in the same format for the pdf, docx and analyzer groups.
/// </summary>
[Trait("Category", "Unit")]
public sealed class MicroSummaryTests
{
    private static readonly string Sample = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Commands", "Bench", "Micro", "sample-report.csv"));

    [Fact]
    public void Parse_SampleReport_ReadsEveryRowWithItsUnitAndBaseline()
    {
        var rows = BenchmarkCsvReport.Parse(Sample);

        Assert.Equal(13, rows.Count);
        var knn = rows[0];
        Assert.Equal(("VectorSearchBenchmarks", "naive scalar loop", "Dry", "knn", true), (knn.Type, knn.Method, knn.Job, knn.Category, knn.IsBaseline));
        Assert.Equal(15_986_000, knn.MeanNs!.Value, precision: 3);
        Assert.False(rows[1].IsBaseline);
        var quoted = rows.Single(r => r.Method.StartsWith("MeCab (ours", StringComparison.Ordinal));
        Assert.Equal("MeCab (ours, text field)", quoted.Method);
        Assert.Equal(408_116, quoted.MeanNs!.Value, precision: 3);
        var thousands = rows[^1];
        Assert.Equal(1_122_642, thousands.MeanNs!.Value, precision: 3);
        Assert.Equal(722_642, thousands.MinNs!.Value, precision: 3);
    }

    [Fact]
    public void ResultLine_SampleReport_OneRatioPerGroupBaselineMeanOverOurs()
    {
        var groups = MicroSummary.Group(BenchmarkCsvReport.Parse(Sample));

        Assert.Equal(
            "RESULT micro benchmarks=13 knn_ratio=2.862 queue_ratio=3.502 pdf_ratio=0.958 docx_ratio=3.901 analyzer_ratio=0.332 failed=0",
            MicroSummary.ResultLine(groups));
        Assert.Equal("PdfTextExtractor", groups.Single(g => g.Key == "pdf").Ours!.Method);
        Assert.Equal("CJK bigram (ours)", groups.Single(g => g.Key == "analyzer").Ours!.Method);
    }

    [Fact]
    public void Table_SampleReport_ShowsMeanMinAndSpeedUpAndMarksOurs()
    {
        var lines = MicroSummary.Table(MicroSummary.Group(BenchmarkCsvReport.Parse(Sample))).Split('\n');

        Assert.StartsWith("| Group", lines[0], StringComparison.Ordinal);
        Assert.Equal(2 + 13 + 1, lines.Length);
        Assert.Matches(@"^\| knn +\| naive scalar loop +\| +15\.99 ms \| +15\.99 ms \| +baseline \|$", lines[2]);
        Assert.Matches(@"^\| knn +\| SIMD matrix scan \(ours\) \* +\| +5\.59 ms \| +5\.59 ms \| +2\.86× \|$", lines[3]);
        Assert.Matches(@"^\| analyzer +\| MeCab \+ bigram fields +\| +1\.12 ms \| +722\.64 µs \| +0\.02× \|$", lines[^2]);
    }

    [Fact]
    public void Group_FailedBenchmark_LeavesItsRatioOutAndCountsIt()
    {
        const string csv = "Type,Method,Job,Categories,Mean,Baseline\nKnn,Scalar,Short,,1.000 ms,Yes\nKnn,Simd,Short,,NA,No\nQueue,One,Short,,2.000 ms,Yes\nQueue,Batched,Short,,500.000 μs,No\n";

        var line = MicroSummary.ResultLine(MicroSummary.Group(BenchmarkCsvReport.Parse(csv)));

        Assert.Equal("RESULT micro benchmarks=4 queue_ratio=4 failed=1", line);
    }

    [Fact]
    public void Group_SameCategoryInTwoClassesAndTwoJobs_KeysStayDistinct()
    {
        const string csv = "Type,Method,Job,Categories,Mean,Baseline\nABenchmarks,Old,Short,x,2 ms,Yes\nABenchmarks,New,Short,x,1 ms,No\n" +
            "BBenchmarks,Old,Short,x,3 ms,Yes\nBBenchmarks,New,Short,x,1 ms,No\nBBenchmarks,Old,Medium,x,3 ms,Yes\nBBenchmarks,New,Medium,x,2 ms,No\n";

        var keys = MicroSummary.Group(BenchmarkCsvReport.Parse(csv)).Select(g => g.Key);

        Assert.Equal(["a_x_short", "b_x_short", "b_x_medium"], keys);
    }

    [Theory]
    [InlineData("12.5", "us", 12_500)]
    [InlineData("12.5 ns", null, 12.5)]
    [InlineData("3 μs", null, 3_000)]
    [InlineData("2 s", null, 2e9)]
    public void ParseTime_Measured_Nanoseconds(string cell, string? headerUnit, double expected) =>
        Assert.Equal(expected, BenchmarkCsvReport.ParseTime(cell, headerUnit));

    [Theory]
    [InlineData("NA")]
    [InlineData("-")]
    [InlineData("")]
    public void ParseTime_NotMeasured_Null(string cell) => Assert.Null(BenchmarkCsvReport.ParseTime(cell, "ms"));

    [Fact]
    public void Parse_HeaderWithUnit_ReadsBareNumbers()
    {
        var rows = BenchmarkCsvReport.Parse("Method,Mean [μs],Baseline\n\"Old, slow\",\"1,500.0\",Yes\n");

        Assert.Equal("Old, slow", rows[0].Method);
        Assert.Equal(1_500_000, rows[0].MeanNs);
    }

    [Theory]
    [InlineData("Type,Method,Job\nA,B,C\n")]
    [InlineData("")]
    [InlineData("Method,Mean\nA,12 parsecs\n")]
    public void Parse_NotABenchmarkReport_ThrowsFormatException(string csv) =>
        Assert.Throws<FormatException>(() => BenchmarkCsvReport.Parse(csv));
}
