using System.Globalization;
using System.Text;
using FileSearch.Aws.Spot;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;
using FileSearch.Testing;
using FileSearch.Testing.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Aws.Tests.Spot;

/// <summary>
/// The drain order in a real host, with a fake clock and the IMDS emulator on loopback: notice (or SIGTERM) → receiving
/// stops → in-flight work that fits finishes → the rest is released at the deadline → flush → state persisted.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DrainOrderTests : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(5);
    private readonly ImdsEmulator _imds = new();
    private readonly TempDirectory _temp = new("fs-drain");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly EventLog _log = new();

    private string StateFile => _temp.Combine("worker-state.json");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _imds.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task SpotNotice_GatedAndSlowInFlight_FinishesReleasesThenFlushesThenPersists()
    {
        var run = await StartAsync(drainTimeout: TimeSpan.FromMinutes(10));
        var noticeTime = _time.GetUtcNow() + TimeSpan.FromMinutes(2);
        var deadline = noticeTime - TimeSpan.FromSeconds(20);
        _imds.NoticeServed = () => _log.Add("notice");
        _imds.InstanceAction = $$"""{"action":"terminate","time":"{{noticeTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}}"}""";

        await StepUntilAsync(() => _log.IndexOf("receiving stopped") >= 0);
        await DrainAsync(run);

        AssertOrder("notice");
        var releasedAt = Assert.Single(run.Queue.ReleasedAt);
        Assert.InRange(releasedAt, deadline, noticeTime - TimeSpan.FromTicks(1));
        var state = await WorkerStateFile.TakeAsync(StateFile, CancellationToken.None);
        Assert.StartsWith("spot interruption", state!.Reason, StringComparison.Ordinal);
        Assert.Equal(deadline, state.Deadline);
        Assert.Equal(["gated.txt", "slow.txt"], state.InFlight.Select(m => m.Body[(m.Body.IndexOf("s3Key", StringComparison.Ordinal) + 8)..].Split('"')[0]).Order());
    }

    [Fact]
    public async Task Sigterm_GatedAndSlowInFlight_SameOrderWithDrainTimeout()
    {
        var drainTimeout = TimeSpan.FromSeconds(45);
        var run = await StartAsync(drainTimeout);
        var stoppedAt = _time.GetUtcNow();

        // What the console lifetime does on SIGTERM.
        _log.Add("sigterm");
        run.Host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        await WaitUntilAsync(() => _log.IndexOf("receiving stopped") >= 0);
        await DrainAsync(run);

        AssertOrder("sigterm");
        Assert.InRange(Assert.Single(run.Queue.ReleasedAt), stoppedAt + drainTimeout, stoppedAt + drainTimeout + (2 * Step));
        var state = await WorkerStateFile.TakeAsync(StateFile, CancellationToken.None);
        Assert.StartsWith("host stopping", state!.Reason, StringComparison.Ordinal);
        Assert.Equal(2, state.InFlight.Count);
    }

    /// <summary>
    /// Receiving has stopped (a message sent now is never taken): the gated file still runs and may finish, then the
    /// clock runs to the release; the queue ends with the late and the released message visible.
    /// </summary>
    private async Task DrainAsync(Run run)
    {
        Assert.Equal(0, run.Extractor.Finished);
        await run.Queue.SendAsync(DrainHarness.Event("b", "late.txt"), CancellationToken.None);
        run.Extractor.OpenGate();
        await WaitUntilAsync(() => _log.IndexOf("deleted") >= 0);
        await StepUntilAsync(() => !run.Queue.ReleasedAt.IsEmpty);
        await run.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(run.Monitor.Flushed);
        var counts = await run.Queue.GetCountsAsync(CancellationToken.None);
        Assert.Equal((2L, 0L), (counts.Visible, counts.InFlight));
        Assert.Equal(2, run.Extractor.Started);
    }

    private void AssertOrder(string trigger)
    {
        string[] expected = [trigger, "receiving stopped", "extracted gated", "deleted", "released", "flush in-flight=0 state-file=False"];
        var positions = expected.Select(_log.IndexOf).ToArray();
        Assert.True(positions.All(p => p >= 0) && positions.Order().SequenceEqual(positions),
            "expected order " + string.Join(" → ", expected) + "; got " + string.Join(" | ", _log.Events));
        Assert.Equal(expected[^1], Assert.Single(_log.Events, e => e.StartsWith("flush", StringComparison.Ordinal)));
        Assert.Contains("slow", _log.Events[positions[4]], StringComparison.Ordinal);
        Assert.Contains("gated", _log.Events[positions[3]], StringComparison.Ordinal);
        Assert.True(File.Exists(StateFile), "state persisted after the flush");
    }

    private async Task<Run> StartAsync(TimeSpan drainTimeout)
    {
        var objects = new InMemoryObjectStore(_time);
        objects.Put("b", "gated.txt", Encoding.UTF8.GetBytes("gated"));
        objects.Put("b", "slow.txt", Encoding.UTF8.GetBytes("slow"));
        var queue = new RecordingQueue(new InMemoryMessageQueue(_time), _log, _time);
        await queue.SendBatchAsync([DrainHarness.Event("b", "gated.txt"), DrainHarness.Event("b", "slow.txt")], CancellationToken.None);
        var extractor = new GatedExtractor(_log);
        var worker = DrainHarness.CreateWorker(queue, objects, new InMemorySearchIndex(), extractor, _temp.Combine("tmp"), new WorkerOptions
        {
            Concurrency = 3,
            ReceiveWaitTime = TimeSpan.FromSeconds(1),
            VisibilityTimeout = TimeSpan.FromMinutes(10),
            DrainTimeout = drainTimeout,
        }, _time);

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Spot:Endpoint"] = _imds.Endpoint.ToString(),
            ["Spot:PollInterval"] = Step.ToString(),
            ["Spot:StateFile"] = StateFile,
        });
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddSingleton(worker);
        builder.Services.AddSingleton(_log);
        builder.Services.AddHostedService<LoggedWorkerService>();
        builder.Services.AddSingleton<IShutdownFlush>(new ProbeFlush(_log, worker, StateFile));
        builder.Services.AddSpotInterruptionMonitor(builder.Configuration);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(1));
        var host = builder.Build();
        var monitor = host.Services.GetRequiredService<SpotInterruptionMonitor>();
        var task = host.RunAsync();
        await WaitUntilAsync(() => extractor.Started == 2 && _imds.Polls > 0);
        return new Run(host, task, queue, extractor, monitor);
    }

    /// <summary>Moves the fake clock in steps until the condition holds (bounded).</summary>
    private async Task StepUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            _time.Advance(Step);
            await Task.Delay(25);
        }

        Assert.True(condition(), "condition not met within 200 clock steps; events: " + string.Join(" | ", _log.Events));
    }

    private async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition(), "condition not met within 15 s; events: " + string.Join(" | ", _log.Events));
    }

    private sealed record Run(IHost Host, Task Task, RecordingQueue Queue, GatedExtractor Extractor, SpotInterruptionMonitor Monitor);

    /// <summary>Records, when flushed, whether work is still in flight and whether the state was already written.</summary>
    private sealed class ProbeFlush(EventLog log, QueueWorker worker, string stateFile) : IShutdownFlush
    {
        public Task FlushAsync(CancellationToken cancellationToken)
        {
            log.Add($"flush in-flight={worker.InFlightCount} state-file={File.Exists(stateFile)}");
            return Task.CompletedTask;
        }
    }
}
