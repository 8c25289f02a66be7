using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FileSearch.Cli.Commands;
using FileSearch.Hosting;
using FileSearch.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FileSearch.Cli.Tests.Commands;

/// <summary>The worker host serves its metrics on a loopback Prometheus endpoint while it runs.</summary>
[Trait("Category", "Integration")]
[Collection(ConsoleCollection.Name)]
public sealed class WorkerMetricsTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-metrics");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Worker_ProcessesFiveFiles_CountersAndQueueGaugesOnPrometheusEndpoint()
    {
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        for (var i = 0; i < 5; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(docs, $"議事録_{i}.txt"), $"会議の議事録 {i}");
        }

        var dataDir = _temp.Combine("data");
        var enqueue = await InProcessCli.RunAsync(dataDir, "ingest", docs, "--enqueue-only");
        Assert.True(enqueue.ExitCode == ExitCodes.Success, enqueue.Output);
        var prefix = $"http://127.0.0.1:{FreePort()}/metrics/";
        var builder = FileSearchHost.CreateBuilder(new CliContext(dataDir, false), LogLevel.Warning, worker: true);
        builder.Configuration["Metrics:PrometheusPrefix"] = prefix;
        builder.Configuration["Metrics:QueueSampleInterval"] = "00:00:01";
        builder.Configuration["Worker:ReceiveWaitTime"] = "00:00:01";
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var text = "";
            var watch = Stopwatch.StartNew();
            while (!text.Contains("filesearch_files_processed_total{outcome=\"indexed\"} 5\n", StringComparison.Ordinal))
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"no metrics for five indexed files within 60 s:\n{text}");
                await Task.Delay(200);
                text = await TryGetAsync(http, prefix);
            }

            Assert.Contains("# TYPE filesearch_file_duration_seconds histogram", text, StringComparison.Ordinal);
            Assert.Contains("filesearch_stage_duration_seconds_count{stage=", text, StringComparison.Ordinal);
            Assert.Contains("# TYPE filesearch_queue_visible gauge", text, StringComparison.Ordinal);
            Assert.Contains("filesearch_queue_backlog_per_instance{} ", text, StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static async Task<string> TryGetAsync(HttpClient http, string url)
    {
        try
        {
            return await http.GetStringAsync(url);
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
