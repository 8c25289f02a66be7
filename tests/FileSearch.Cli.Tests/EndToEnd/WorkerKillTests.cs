using System.Diagnostics;
using System.Globalization;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Hosting;
using FileSearch.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FileSearch.Cli.Tests.EndToEnd;

/// <summary>The built worker as a real process, killed with SIGKILL mid-run and started again.</summary>
[Trait("Category", "Resilience")]
public sealed class WorkerKillTests : IDisposable
{
    private const int Files = 200;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);
    private readonly TempDirectory _temp = new("fs-kill");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Worker_SigkillDuringRunOf200Files_RestartIndexesEachFileExactlyOnce()
    {
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        for (var i = 0; i < Files; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(docs, $"報告書_{i:D3}.txt"), $"月次報告 第{i}号 識別子 docmarker{i:D3}x");
        }

        var dataDir = _temp.Combine("data");
        var enqueue = await CliProcess.RunAsync(dataDir, TimeSpan.FromMinutes(2), "ingest", docs, "--enqueue-only");
        Assert.True(enqueue.ExitCode == 0, enqueue.Output);
        var env = new Dictionary<string, string>
        {
            ["FILESEARCH_Worker__VisibilityTimeout"] = "00:00:04",
            ["FILESEARCH_Worker__ReceiveWaitTime"] = "00:00:01",
        };

        using (var first = CliProcess.Start(dataDir, ["worker"], env))
        {
            await WaitForAsync(dataDir, (indexed, _) => indexed >= 20);
            first.Kill(); // SIGKILL: no drain, no cleanup
            await first.WaitForExitAsync();
        }

        var (afterKill, _) = await CountsAsync(dataDir);
        Assert.True(afterKill < Files, $"the kill came too late to test anything ({afterKill} already indexed)");

        using var second = CliProcess.Start(dataDir, ["worker"], env);
        var output = second.StandardError.ReadToEndAsync();
        await WaitForAsync(dataDir, (indexed, queue) => indexed == Files && queue.Visible + queue.InFlight == 0);
        CliProcess.Terminate(second);
        await second.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(second.ExitCode == 0, await output);

        using var host = FileSearchHost.CreateBuilder(new CliContext(dataDir, false), LogLevel.Warning).Build();
        var index = host.Services.GetRequiredService<ISearchIndex>();
        Assert.Equal(Files, await index.CountAsync(CancellationToken.None));
        foreach (var i in new[] { 0, 57, 123, 199 })
        {
            var hits = await index.SearchAsync(new SearchQuery(string.Create(CultureInfo.InvariantCulture, $"docmarker{i:D3}x")), CancellationToken.None);
            Assert.Equal(1, hits.TotalHits);
        }

        var queueCounts = await host.Services.GetRequiredService<IMessageQueue>().GetCountsAsync(CancellationToken.None);
        Assert.Equal(0, queueCounts.DeadLettered);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(dataDir, "tmp")).SelectMany(d => Directory.EnumerateFileSystemEntries(d)));
    }

    private static async Task WaitForAsync(string dataDir, Func<long, QueueCounts, bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var (indexed, queue) = await CountsAsync(dataDir);
            if (condition(indexed, queue))
            {
                return;
            }

            Assert.True(watch.Elapsed < Deadline, $"timed out: {indexed} indexed, queue {queue}");
            await Task.Delay(100);
        }
    }

    private static async Task<(long Indexed, QueueCounts Queue)> CountsAsync(string dataDir)
    {
        using var host = FileSearchHost.CreateBuilder(new CliContext(dataDir, false), LogLevel.Warning).Build();
        var byStatus = await host.Services.GetRequiredService<IMetadataStore>().CountByStatusAsync(CancellationToken.None);
        var queue = await host.Services.GetRequiredService<IMessageQueue>().GetCountsAsync(CancellationToken.None);
        return (byStatus.GetValueOrDefault(DocumentStatus.Indexed), queue);
    }
}
