using System.Text;
using FileSearch.Aws.Spot;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;
using FileSearch.Testing;
using FileSearch.Testing.Fakes;
using FileSearch.Testing.StandIns;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Aws.Tests.Spot;

/// <summary>
/// The interruption drill: a real worker on the SQS and S3 stand-ins, a notice arrives mid-run through the IMDS
/// emulator → quick documents finish, the slow ones are released within the window; none lost, none indexed twice;
/// the flush runs in a real host only after the drain (the stand-in already shows the released messages).
/// </summary>
[Trait("Category", "Integration")]
[Collection(AwsStandInCollection.Name)]
public sealed class InterruptionDrillTests(AwsStandIns standIns) : IAsyncLifetime
{
    private readonly ImdsEmulator _imds = new();
    private readonly TempDirectory _temp = new("fs-drill");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _imds.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Notice_MidRun_QuickWorkFinishesSlowWorkReleasedNothingLost()
    {
        var ct = CancellationToken.None;
        var bucket = AwsStandIns.UniqueName("drill");
        var options = standIns.With(queue: AwsStandIns.UniqueName("drill"));
        await standIns.Setup.CreateBucketAsync(bucket, ct);
        await standIns.Setup.CreateQueuesAsync(options.QueueName, options.DeadLetterQueueName, 5, TimeSpan.FromSeconds(30), ct);
        var objects = new S3ObjectStore(standIns.S3, Options.Create(options), TimeProvider.System, NullLogger<S3ObjectStore>.Instance);
        using var queue = new SqsMessageQueue(standIns.Sqs, Options.Create(options), TimeProvider.System, NullLogger<SqsMessageQueue>.Instance);
        var keys = new[] { "q1.txt", "q2.txt", "q3.txt", "q4.txt", "slow1.txt", "slow2.txt" };
        foreach (var key in keys)
        {
            await objects.PutAsync(bucket, key, new MemoryStream(Encoding.UTF8.GetBytes("本文 " + key)), "text/plain", ct);
        }

        await queue.SendBatchAsync(keys.Select(k => DrainHarness.Event(bucket, k)).ToList(), ct);
        var index = new InMemorySearchIndex();
        var log = new EventLog();
        var extractor = new GatedExtractor(log);
        var worker = DrainHarness.CreateWorker(queue, objects, index, extractor, _temp.Combine("tmp"), new WorkerOptions
        {
            Concurrency = 6,
            ReceiveWaitTime = TimeSpan.FromSeconds(1),
            VisibilityTimeout = TimeSpan.FromSeconds(60),
            DrainTimeout = TimeSpan.FromSeconds(60),
        }, TimeProvider.System);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Spot:Endpoint"] = _imds.Endpoint.ToString(),
            ["Spot:PollInterval"] = "00:00:00.100",
            ["Spot:SafetyMargin"] = "00:00:01",
            ["Spot:StateFile"] = _temp.Combine("worker-state.json"),
        });
        builder.Services.AddSingleton(worker);
        builder.Services.AddSingleton(log);
        builder.Services.AddHostedService<LoggedWorkerService>();
        builder.Services.AddSingleton<IShutdownFlush>(new QueueProbeFlush(queue, worker, log));
        builder.Services.AddSpotInterruptionMonitor(builder.Configuration);
        var host = builder.Build();
        var monitor = host.Services.GetRequiredService<SpotInterruptionMonitor>();

        var run = host.RunAsync(ct);
        await WaitUntilAsync(() => extractor.Started >= 6 || (extractor.Started >= 2 && extractor.Finished >= 4), TimeSpan.FromSeconds(30));
        var noticeTime = TimeProvider.System.GetUtcNow().AddSeconds(3);
        _imds.InstanceAction = $$"""{"action":"terminate","time":"{{noticeTime:yyyy-MM-ddTHH:mm:ssZ}}"}""";
        await run.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.NotNull(monitor.Notice);
        Assert.True(TimeProvider.System.GetUtcNow() < noticeTime.AddSeconds(1), "the drain ran past the interruption time");
        Assert.Equal(4, await index.CountAsync(ct));
        var counts = await queue.GetCountsAsync(ct);
        Assert.Equal((2L, 0L, 0L), (counts.Visible, counts.InFlight, counts.DeadLettered));
        Assert.Equal("flush: in flight 0, visible 2, queue in flight 0", log.Events[^1]);
        Assert.True(log.IndexOf("receiving stopped") < log.IndexOf("flush"));
        var released = await queue.ReceiveAsync(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), ct);
        Assert.Equal(2, released.Count(m => m.Body.Contains("slow", StringComparison.Ordinal)));
        var state = await WorkerStateFile.TakeAsync(_temp.Combine("worker-state.json"), ct);
        Assert.Equal(2, state?.InFlight.Count(m => m.Body.Contains("slow", StringComparison.Ordinal)));
    }

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan limit) => Polling.UntilAsync(condition, limit, TimeSpan.FromMilliseconds(50));

    /// <summary>At flush time, asks the SQS stand-in itself: the slow messages must already be back in the queue.</summary>
    private sealed class QueueProbeFlush(IMessageQueue queue, QueueWorker worker, EventLog log) : IShutdownFlush
    {
        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            var counts = await queue.GetCountsAsync(cancellationToken);
            log.Add($"flush: in flight {worker.InFlightCount}, visible {counts.Visible}, queue in flight {counts.InFlight}");
        }
    }
}
