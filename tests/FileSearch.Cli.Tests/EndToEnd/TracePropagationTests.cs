using System.Diagnostics;
using FileSearch.Testing;
using FileSearch.Testing.Telemetry;

namespace FileSearch.Cli.Tests.EndToEnd;

/// <summary>
/// One trace from <c>ingest --enqueue-only</c> through the worker: the ingest process's send span is the parent of the
/// worker's process span (the trace context travels in the queued message), whose stages (download … index) are its
/// children; both processes export over OTLP to a collector stand-in on loopback, the worker its metrics too.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TracePropagationTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-trace");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task IngestEnqueueOnlyThenWorker_OneTraceSpansSendProcessAndIndex()
    {
        await using var collector = new OtlpCollectorStandIn();
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        await File.WriteAllTextAsync(Path.Combine(docs, "請求書.txt"), "請求書 金額 十万円");
        await File.WriteAllTextAsync(Path.Combine(docs, "納品書.txt"), "納品書 検収 済み");
        var dataDir = _temp.Combine("data");
        var env = new Dictionary<string, string>
        {
            ["FILESEARCH_Telemetry__OtlpEndpoint"] = collector.Endpoint.ToString(),
            ["FILESEARCH_Telemetry__MetricExportInterval"] = "00:00:01",
            ["FILESEARCH_Metrics__PrometheusEnabled"] = "false",
            ["FILESEARCH_Worker__ReceiveWaitTime"] = "00:00:01",
        };

        var enqueue = await CliProcess.RunAsync(dataDir, TimeSpan.FromMinutes(2), env, "ingest", docs, "--enqueue-only");
        Assert.True(enqueue.ExitCode == 0, enqueue.Output);
        var send = Assert.Single(collector.Spans, s => s.Name == "send filesearch-events");

        using var worker = CliProcess.Start(dataDir, ["worker"], env);
        var output = worker.StandardError.ReadToEndAsync();
        var watch = Stopwatch.StartNew();
        while (collector.Spans.Count(s => s.Name == "index") < 2 || !collector.HasMetric("filesearch.files.processed"))
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(90) || worker.HasExited)
            {
                CliProcess.Terminate(worker);
                Assert.Fail($"no index spans or metrics within 90 s; spans: {string.Join(", ", collector.Spans.Select(s => s.Name))}\n{await output}");
            }

            await Task.Delay(250);
        }

        CliProcess.Terminate(worker);
        await worker.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(worker.ExitCode == 0, await output);

        var spans = collector.Spans;
        var processes = spans.Where(s => s.Name == "process filesearch-events").ToList();
        Assert.Equal(2, processes.Count);
        foreach (var process in processes)
        {
            Assert.Equal(send.TraceId, process.TraceId);
            Assert.Equal(send.SpanId, process.ParentSpanId);
            Assert.Equal(5, process.Kind); // SPAN_KIND_CONSUMER
            Assert.Single(spans, s => s.Name == "index" && s.ParentSpanId == process.SpanId && s.TraceId == send.TraceId);
            Assert.Single(spans, s => s.Name == "download" && s.ParentSpanId == process.SpanId);
        }
    }
}
