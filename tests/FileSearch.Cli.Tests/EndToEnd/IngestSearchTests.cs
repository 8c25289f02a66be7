using System.Text;
using FileSearch.Cli.Commands;
using FileSearch.Testing;

namespace FileSearch.Cli.Tests.EndToEnd;

/// <summary>The acceptance scenarios, run through the CLI commands with the real engines.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
public sealed class IngestSearchTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-cli");

    public void Dispose() => _temp.Dispose();

    private string DataDir => _temp.Combine("data");

    [Fact]
    public async Task Ingest_SalesTechnicalAndScan_SearchFindsTheRightDocuments()
    {
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        await File.WriteAllTextAsync(Path.Combine(docs, "営業報告.txt"), "本日の営業報告：新規顧客を三件獲得しました。\n来月は大阪支店を訪問します。");
        await File.WriteAllTextAsync(Path.Combine(docs, "技術仕様.txt"), "技術仕様書：検索 API の設計と性能目標について記載する。");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "samples", "スキャン_請求書.png"), Path.Combine(docs, "scan.png"));

        var ingest = await InProcessCli.RunAsync(DataDir, "ingest", docs);
        Assert.True(ingest.ExitCode == ExitCodes.Success, ingest.Output);
        Assert.Contains("3 new or changed", ingest.Output, StringComparison.Ordinal);

        var sales = await InProcessCli.RunAsync(DataDir, "search", "営業");
        Assert.Equal(ExitCodes.Success, sales.ExitCode);
        Assert.Contains("営業報告.txt", sales.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("技術仕様.txt", sales.Output, StringComparison.Ordinal);

        var scan = await InProcessCli.RunAsync(DataDir, "search", "振込期限");
        Assert.Contains("scan.png", scan.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("営業報告.txt", scan.Output, StringComparison.Ordinal);

        var show = await InProcessCli.RunAsync(DataDir, "show", Path.Combine(docs, "scan.png"));
        Assert.Equal(ExitCodes.Success, show.ExitCode);
        Assert.Contains("INDEXED", show.Output, StringComparison.Ordinal);
        Assert.Contains("ocr", show.Output, StringComparison.Ordinal);

        var status = await InProcessCli.RunAsync(DataDir, "status");
        Assert.Contains("documents INDEXED", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_RunTwiceWithChanges_ProcessesOnlyWhatChanged()
    {
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        await File.WriteAllTextAsync(Path.Combine(docs, "a.txt"), "見積書の送付について");
        await File.WriteAllTextAsync(Path.Combine(docs, "b.txt"), "技術仕様の変更点");
        Assert.Equal(ExitCodes.Success, (await InProcessCli.RunAsync(DataDir, "ingest", docs)).ExitCode);

        var again = await InProcessCli.RunAsync(DataDir, "ingest", docs);
        Assert.Contains("0 new or changed, 0 removed, 2 unchanged", again.Output, StringComparison.Ordinal);

        File.Delete(Path.Combine(docs, "b.txt"));
        await File.WriteAllTextAsync(Path.Combine(docs, "a.txt"), "請求書の再発行について");
        File.SetLastWriteTimeUtc(Path.Combine(docs, "a.txt"), new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var third = await InProcessCli.RunAsync(DataDir, "ingest", docs);
        Assert.Contains("1 new or changed, 1 removed, 0 unchanged", third.Output, StringComparison.Ordinal);

        Assert.Contains("No documents match", (await InProcessCli.RunAsync(DataDir, "search", "技術")).Output, StringComparison.Ordinal);
        Assert.Contains("No documents match", (await InProcessCli.RunAsync(DataDir, "search", "見積書")).Output, StringComparison.Ordinal);
        Assert.Contains("a.txt", (await InProcessCli.RunAsync(DataDir, "search", "再発行")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_HostileFiles_DeadLettersWithReasonsAndIndexesTheRest()
    {
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(docs, "empty.pdf"), []);
        var pdf = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "samples", "契約書_業務委託_2025.pdf"));
        await File.WriteAllBytesAsync(Path.Combine(docs, "truncated.pdf"), pdf[..(pdf.Length / 2)]);
        await File.WriteAllTextAsync(Path.Combine(docs, "renamed.pdf"), "これは拡張子を偽ったテキストファイルです。", Encoding.UTF8);
        await File.WriteAllTextAsync(Path.Combine(docs, "good.txt"), "正常な議事録");
        await SendRawAsync("{this is not json");

        var ingest = await InProcessCli.RunAsync(DataDir, "ingest", docs);

        Assert.Equal(ExitCodes.CompletedWithFailures, ingest.ExitCode);
        var dlq = await InProcessCli.RunAsync(DataDir, "dlq", "list");
        Assert.Contains("empty-file", dlq.Output, StringComparison.Ordinal);
        Assert.Contains("corrupt-pdf", dlq.Output, StringComparison.Ordinal);
        Assert.Contains("invalid-message", dlq.Output, StringComparison.Ordinal);
        Assert.Contains("3 dead-lettered message(s)", dlq.Output, StringComparison.Ordinal);

        var renamed = await InProcessCli.RunAsync(DataDir, "search", "拡張子");
        Assert.Contains("renamed.pdf", renamed.Output, StringComparison.Ordinal);
        var show = await InProcessCli.RunAsync(DataDir, "show", Path.Combine(docs, "renamed.pdf"));
        Assert.Contains("txt (text/plain)", show.Output, StringComparison.Ordinal);
        var failed = await InProcessCli.RunAsync(DataDir, "show", Path.Combine(docs, "empty.pdf"));
        Assert.Contains("FAILED", failed.Output, StringComparison.Ordinal);

        var redrive = await InProcessCli.RunAsync(DataDir, "dlq", "redrive", "--all");
        Assert.Contains("Moved 3 message(s)", redrive.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, (await InProcessCli.RunAsync(DataDir, "dlq", "redrive")).ExitCode);
        Assert.Equal(ExitCodes.NotFound, (await InProcessCli.RunAsync(DataDir, "dlq", "redrive", "no-such-id")).ExitCode);
    }

    [Fact]
    public async Task Commands_BadInput_ClearErrorsAndExitCodes()
    {
        Assert.Equal(ExitCodes.Usage, (await InProcessCli.RunAsync(DataDir, "ingest", _temp.Combine("missing"))).ExitCode);
        var show = await InProcessCli.RunAsync(DataDir, "show", "/nowhere/file.pdf");
        Assert.Equal(ExitCodes.NotFound, show.ExitCode);
        Assert.Contains("no document", show.Output, StringComparison.Ordinal);
        Assert.Contains("The dead-letter queue is empty", (await InProcessCli.RunAsync(DataDir, "dlq", "list")).Output, StringComparison.Ordinal);
        Environment.SetEnvironmentVariable("FILESEARCH_Worker__MaxReceiveCount", "0");
        try
        {
            var invalid = await InProcessCli.RunAsync(DataDir, "status");
            Assert.Equal(ExitCodes.Usage, invalid.ExitCode);
            Assert.Contains("invalid configuration", invalid.Output, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("FILESEARCH_Worker__MaxReceiveCount", null);
        }
    }

    private async Task SendRawAsync(string body)
    {
        using var host = FileSearch.Hosting.FileSearchHost.CreateBuilder(new FileSearch.Hosting.CliContext(DataDir, false), Microsoft.Extensions.Logging.LogLevel.Warning).Build();
        var queue = (Core.Ports.IMessageQueue)host.Services.GetService(typeof(Core.Ports.IMessageQueue))!;
        await queue.SendAsync(body, CancellationToken.None);
    }
}
