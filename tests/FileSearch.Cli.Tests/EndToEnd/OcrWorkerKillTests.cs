using System.Diagnostics;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Hosting;
using FileSearch.Testing;
using FileSearch.Testing.Images;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FileSearch.Cli.Tests.EndToEnd;

/// <summary>
/// The built worker as a real process, killed with SIGKILL halfway through the OCR of a 30-page scanned PDF; the
/// redelivered message resumes from the page checkpoints (issue 3). Pages are one short line each so the run is quick.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OcrWorkerKillTests : IDisposable
{
    private const int Pages = 30;
    private const int KillAfterPages = 8;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);
    private static readonly string[] Words = ["契約", "請求", "納品", "会議", "予算", "監査"];
    private readonly TempDirectory _temp = new("fs-ocr-kill");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Worker_SigkillHalfwayThrough30PageScan_RedeliveryReusesCheckpointedPages()
    {
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        var pdf = ScanPdf.Save(Path.Combine(docs, "スキャン_30頁.pdf"),
            [.. Enumerable.Range(1, Pages).Select(i => ScanPdf.Scan($"{Words[i % Words.Length]}について第{i}回の確認をしました。"))]);
        var dataDir = _temp.Combine("data");
        var enqueue = await CliProcess.RunAsync(dataDir, TimeSpan.FromMinutes(2), "ingest", docs, "--enqueue-only");
        Assert.True(enqueue.ExitCode == 0, enqueue.Output);
        var env = new Dictionary<string, string>
        {
            // Long enough for the heartbeat to extend it on a loaded machine; the redelivery waits for it after the kill.
            ["FILESEARCH_Worker__VisibilityTimeout"] = "00:00:12",
            ["FILESEARCH_Worker__Concurrency"] = "1",
            ["FILESEARCH_Worker__ReceiveWaitTime"] = "00:00:01",

            // Checkpoints are what is tested, not image quality: cheap pages keep the test short on a loaded machine.
            ["FILESEARCH_Ocr__RasterDpi"] = "200",
            ["FILESEARCH_Ocr__Preprocessing__Profile"] = "none",
            ["FILESEARCH_Ocr__Preprocessing__Orientation"] = "false",
        };

        using (var first = CliProcess.Start(dataDir, ["worker"], env))
        {
            await WaitForAsync(() => CheckpointedPagesAsync(dataDir), n => n >= KillAfterPages);
            first.Kill(); // SIGKILL: the message stays in flight and comes back after its visibility timeout
            await first.WaitForExitAsync();
        }

        var checkpointed = await CheckpointedPagesAsync(dataDir);
        Assert.True(checkpointed < Pages, $"the kill came too late to test anything ({checkpointed} pages done)");
        Assert.Null(await IndexedAsync(dataDir, pdf));

        using var second = CliProcess.Start(dataDir, ["worker"], env);
        var output = second.StandardError.ReadToEndAsync();
        var record = await WaitForAsync(() => IndexedAsync(dataDir, pdf), r => r is not null);
        CliProcess.Terminate(second);
        await second.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(second.ExitCode == 0, await output);

        var ocr = record!.Ocr!;
        Assert.Equal(Pages, ocr.Recognized);
        Assert.InRange(ocr.Reused, checkpointed, Pages - 1);
        Assert.All(Words, w => Assert.Contains(w, record.Text, StringComparison.Ordinal));
        var show = await CliProcess.RunAsync(dataDir, TimeSpan.FromMinutes(1), "show", pdf);
        Assert.Contains($"{Pages} recognised", show.Output, StringComparison.Ordinal);
        Assert.Contains("reused from checkpoint", show.Output, StringComparison.Ordinal);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            Assert.True(watch.Elapsed < Deadline, $"timed out waiting; last value {value}");
            await Task.Delay(200);
        }
    }

    /// <summary>Pages stored in the checkpoint cache (one row per page under the full-settings key).</summary>
    private static async Task<long> CheckpointedPagesAsync(string dataDir)
    {
        var file = Path.Combine(dataDir, "ocr-pages.db");
        if (!File.Exists(file))
        {
            return 0;
        }

        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM ocr_pages WHERE settings_version NOT LIKE 'read|%'";
        try
        {
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (SqliteException)
        {
            return 0; // the table is created with the first page
        }
    }

    private static async Task<DocumentRecord?> IndexedAsync(string dataDir, string path)
    {
        using var host = FileSearchHost.CreateBuilder(new CliContext(dataDir, false), LogLevel.Warning).Build();
        var record = await host.Services.GetRequiredService<IMetadataStore>().FindByPathAsync(path, CancellationToken.None);
        return record is { Status: DocumentStatus.Indexed } ? record : null;
    }
}
