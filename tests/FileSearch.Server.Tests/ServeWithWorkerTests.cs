using System.Diagnostics;
using System.Text;
using FileSearch.Cli.Commands;
using FileSearch.Testing;

namespace FileSearch.Server.Tests;

/// <summary>
/// <c>serve --with-worker</c> on its own data directory: events queued by <c>ingest --enqueue-only</c> are processed by the
/// server's worker and become searchable over the API; a second <c>worker</c> is refused while the server holds the index.
/// In the server collection because <c>ingest</c> runs in this process with the console captured.
/// </summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ServeWithWorkerTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-serve-worker");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ServeWithWorker_EnqueuedFolder_SearchableAndSecondWorkerRefused()
    {
        var dataDir = _temp.Combine("data");
        var folder = Directory.CreateDirectory(_temp.Combine("共有", "議事録")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "定例会議.txt"), "第3回 定例会議 議事録: 見積書の確認と納期の調整");
        await File.WriteAllTextAsync(Path.Combine(folder, "営業報告.txt"), "営業報告 2025年1月 新規顧客 山田商事 見積書 送付済み");
        await using var server = await ServerFixture.StartWithWorkerAsync(dataDir);
        using var client = server.Client();

        var (exit, output) = await ConsoleCapture.RunAsync(FileSearchCli.InvokeAsync, ["ingest", folder, "--enqueue-only", "--data-dir", dataDir]);
        Assert.True(exit == ExitCodes.Success, output);
        Assert.Contains("Queued 2 event(s)", output, StringComparison.Ordinal);
        var found = await server.WaitForHitsAsync(client, "見積書", 2, TimeSpan.FromSeconds(90));
        var (workerExit, workerOutput) = await RunCliAsync(dataDir, TimeSpan.FromSeconds(60), "worker");

        Assert.Equal(["営業報告.txt", "定例会議.txt"], found.Hits.Select(h => h.Name).Order(StringComparer.Ordinal));
        Assert.True(workerExit == ExitCodes.IndexBusy, $"exit {workerExit}: {workerOutput}");
        Assert.Contains(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), workerOutput, StringComparison.Ordinal);
    }

    /// <summary>Runs the built <c>filesearch</c> as its own process (a second process is what the index lock must refuse).</summary>
    private static async Task<(int ExitCode, string Output)> RunCliAsync(string dataDir, TimeSpan limit, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "filesearch.dll"), .. args, "--data-dir", dataDir])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["FILESEARCH_Spot__Enabled"] = "false";
        info.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"filesearch {string.Join(' ', args)} still running after {limit}: the index was not refused");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
