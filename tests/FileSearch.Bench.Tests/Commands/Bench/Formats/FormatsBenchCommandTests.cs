using System.Globalization;
using System.Text.RegularExpressions;
using FileSearch.Bench.Commands.Bench.Formats;
using FileSearch.Cli.Commands;
using FileSearch.Testing;

namespace FileSearch.Bench.Tests.Commands.Bench.Formats;

/// <summary><c>bench formats</c> on a tiny corpus: both sides run, their texts are compared, and each side's own words are counted.</summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class FormatsBenchCommandTests : IDisposable
{
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "formats");
    private readonly TempDirectory _temp = new("fs-bench-formats");

    public void Dispose() => _temp.Dispose();

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Formats_RtfAndOdtOneRound_BothSidesFindTheWordsAndTextsAgree()
    {
        var corpus = TinyCorpus("見積依頼書.rtf", "就業規則.odt");

        var (exit, output) = await InProcessBench.RunAsync(_temp.Combine("data"), "bench", "formats", "--corpus", corpus, "--rounds", "1");

        Assert.True(exit == ExitCodes.Success, output);
        Assert.Contains("round 1 of 1: FileSearch first", output, StringComparison.Ordinal);
        var result = ResultLine().Match(output.TrimEnd().Split('\n')[^1]);
        Assert.True(result.Success, output);
        Assert.Equal("3", result.Groups["words"].Value);
        Assert.Equal("3", result.Groups["ours"].Value);
        Assert.InRange(int.Parse(result.Groups["theirs"].Value, CultureInfo.InvariantCulture), 2, 3);
        Assert.InRange(double.Parse(result.Groups["similarity"].Value, CultureInfo.InvariantCulture), 0.8, 1);
        Assert.InRange(double.Parse(result.Groups["preview"].Value, CultureInfo.InvariantCulture), 1, 60_000);
        Assert.Empty(Directory.GetDirectories(_temp.Combine("data", "bench", "formats", "corpus")));
    }

    [Fact]
    [Trait("Category", "Unit")]
    public void Dice_SameLettersOtherLayout_OneAndUnrelatedTextNearZero()
    {
        Assert.Equal(1, TextSimilarity.Dice("品目,数量\n段ボール,120", "品目\t数量\r\n段ボール 120"));
        Assert.True(TextSimilarity.Dice("就業規則 始業時刻", "在庫管理表 倉庫") < 0.1);
        Assert.True(TextSimilarity.ContainsWord("請求書の\n送付について", "請求書の送付について"));
        Assert.False(TextSimilarity.ContainsWord("=?UTF-8?B?5pu46aGe?=", "書類"));
    }

    private string TinyCorpus(params string[] names)
    {
        var folder = _temp.Combine("corpus");
        Directory.CreateDirectory(folder);
        var expected = File.ReadAllLines(Path.Combine(Corpus, "expected.tsv"));
        File.WriteAllLines(Path.Combine(folder, "expected.tsv"),
            [expected[0], .. expected.Skip(1).Where(line => names.Contains(line.Split('\t')[0], StringComparer.Ordinal))]);
        foreach (var name in names)
        {
            File.Copy(Path.Combine(Corpus, name), Path.Combine(folder, name));
        }

        return folder;
    }

    [GeneratedRegex(@"^RESULT formats files=2 formats=2 rounds=1 per_s=\S+ soffice_per_s=\S+ ratio=\S+ similarity=(?<similarity>\S+) words=(?<words>\d+) ours_found=(?<ours>\d+) soffice_found=(?<theirs>\d+) soffice_failed=0 preview_ms=(?<preview>\S+) .* passed=true$")]
    private static partial Regex ResultLine();
}
