using System.Text;
using FileSearch.Cli.Commands;
using FileSearch.Testing;

namespace FileSearch.Bench.Tests.Commands.Profile;

[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ProfileCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-profile");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Pipeline_TwoTextFiles_WritesMarkdownReportWithTopMethods()
    {
        var corpus = Directory.CreateDirectory(_temp.Combine("corpus")).FullName;
        await File.WriteAllTextAsync(Path.Combine(corpus, "議事録.txt"), string.Concat(Enumerable.Repeat("本日の会議で来年度の予算案を承認しました。", 200)), Encoding.UTF8);
        await File.WriteAllTextAsync(Path.Combine(corpus, "報告.txt"), string.Concat(Enumerable.Repeat("営業報告：新規顧客を三件獲得しました。", 200)), Encoding.UTF8);
        var report = _temp.Combine("profile.md");

        var (exit, output) = await InProcessBench.RunAsync(_temp.Combine("data"), "profile", "pipeline", "--corpus", corpus, "--out", report, "--top", "5");

        Assert.True(exit == ExitCodes.Success, output);
        Assert.Matches(@"RESULT profile files=2 files_per_min=\d+\.\d\d cpu_s=\d+\.\d samples=\d+ report=\S+profile\.md\s*$", output);
        var markdown = await File.ReadAllTextAsync(report);
        Assert.Contains("## Top 5 methods by inclusive time", markdown, StringComparison.Ordinal);
        Assert.Contains("## Top 5 FileSearch methods by inclusive time", markdown, StringComparison.Ordinal);
        Assert.Contains("`` FileSearch.", markdown, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), "filesearch-profile-*.etlx"));
    }
}
