using System.Globalization;
using FileSearch.Aws.Spot;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Testing;
using FileSearch.Testing.Fakes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Aws.Tests.Spot;

[Trait("Category", "Integration")]
public sealed class SpotInterruptionMonitorTests : IAsyncLifetime
{
    private readonly ImdsEmulator _imds = new();
    private readonly TempDirectory _temp = new("fs-spot");
    private readonly StopRecorder _lifetime = new();
    private readonly List<string> _flushed = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _imds.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task ExecuteAsync_ImdsNotAnswering_TurnsItselfOff()
    {
        using var monitor = CreateSut(new Uri($"http://127.0.0.1:{ImdsEmulator.FreePort()}/"));

        await monitor.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => monitor.ExecuteTask!.IsCompleted);

        Assert.False(monitor.Active);
        Assert.False(_lifetime.StopRequested);
    }

    [Fact]
    public async Task ExecuteAsync_NoticeArrives_CapsDrainRecordsStateAndStopsHost()
    {
        using var monitor = CreateSut();
        await monitor.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => monitor.Active && _imds.TokenRequests > 0);
        var when = new DateTimeOffset(2030, 1, 1, 0, 2, 0, TimeSpan.Zero);

        _imds.InstanceAction = $$"""{"action":"terminate","time":"{{when.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}}"}""";
        await WaitUntilAsync(() => _lifetime.StopRequested);
        var state = await WorkerStateFile.TakeAsync(StateFile, CancellationToken.None);

        Assert.Equal(new InterruptionNotice("terminate", when), monitor.Notice);
        Assert.NotNull(state);
        Assert.Contains("spot interruption", state.Reason, StringComparison.Ordinal);
        Assert.Equal(when - TimeSpan.FromSeconds(20), state.Deadline);
        Assert.Equal(0, _imds.UnauthorizedRequests);
        await monitor.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ExecuteAsync_NoticeArrives_FlushesEveryComponentBeforeStoppingEvenIfOneFails()
    {
        using var monitor = CreateSut(flushes: [new RecordingFlush("broken", _flushed, _lifetime, fail: true), new RecordingFlush("metrics", _flushed, _lifetime)]);
        await monitor.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => monitor.Active);

        _imds.InstanceAction = """{"action":"stop","time":"2030-01-01T00:02:00Z"}""";
        await WaitUntilAsync(() => _lifetime.StopRequested);
        await monitor.StopAsync(CancellationToken.None);

        Assert.Equal(["broken before stop", "metrics before stop"], _flushed);
    }

    [Fact]
    public async Task StopAsync_HostStoppingWithoutNotice_Flushes()
    {
        using var monitor = CreateSut(enabled: false, flushes: [new RecordingFlush("metrics", _flushed, _lifetime)]);
        await monitor.StartAsync(CancellationToken.None);

        await monitor.StopAsync(CancellationToken.None);

        Assert.Equal(["metrics before stop"], _flushed);
    }

    [Fact]
    public async Task ExecuteAsync_RebalanceOnly_KeepsRunning()
    {
        _imds.Rebalance = """{"noticeTime":"2030-01-01T00:00:00Z"}""";
        using var monitor = CreateSut();

        await monitor.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => _imds.Polls >= 6);

        Assert.True(monitor.Active);
        Assert.False(_lifetime.StopRequested);
        await monitor.StopAsync(CancellationToken.None);
        Assert.True(monitor.ExecuteTask!.IsCompleted);
    }

    [Fact]
    public async Task ExecuteAsync_StateLeftByPreviousRun_ReportedAndRemoved()
    {
        await WorkerStateFile.WriteAsync(StateFile, new WorkerStopState("spot interruption", DateTimeOffset.UnixEpoch, null,
            [new InFlightEntry("m-1", 2, "{}")]), CancellationToken.None);
        using var monitor = CreateSut(enabled: false);

        await monitor.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => monitor.ExecuteTask!.IsCompleted);

        Assert.Equal("m-1", Assert.Single(monitor.PreviousRun!.InFlight).MessageId);
        Assert.False(File.Exists(StateFile));
    }

    [Fact]
    public async Task TakeAsync_CorruptFile_NullAndRemoved()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StateFile)!);
        await File.WriteAllTextAsync(StateFile, "{not json");

        Assert.Null(await WorkerStateFile.TakeAsync(StateFile, CancellationToken.None));
        Assert.False(File.Exists(StateFile));
        Assert.Null(await WorkerStateFile.TakeAsync(StateFile, CancellationToken.None));
    }

    private string StateFile => _temp.Combine("state", "worker-state.json");

    private SpotInterruptionMonitor CreateSut(Uri? endpoint = null, bool enabled = true, IShutdownFlush[]? flushes = null)
    {
        var queue = new InMemoryMessageQueue(TimeProvider.System);
        var worker = new QueueWorker(queue, null!, new DefaultErrorClassifier(), Options.Create(new WorkerOptions()), TimeProvider.System, NullLogger<QueueWorker>.Instance);
        var options = new SpotOptions
        {
            Enabled = enabled,
            Endpoint = endpoint ?? _imds.Endpoint,
            PollInterval = TimeSpan.FromMilliseconds(50),
            ProbeTimeout = TimeSpan.FromSeconds(5),
            StateFile = StateFile,
        };
        return new SpotInterruptionMonitor(worker, _lifetime, Options.Create(options), TimeProvider.System, NullLogger<SpotInterruptionMonitor>.Instance, flushes);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition(), "condition not met within 15 s");
    }

    private sealed class StopRecorder : IHostApplicationLifetime
    {
        public bool StopRequested { get; private set; }

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => StopRequested = true;
    }

    private sealed class RecordingFlush(string name, List<string> flushed, StopRecorder lifetime, bool fail = false) : IShutdownFlush
    {
        public Task FlushAsync(CancellationToken cancellationToken)
        {
            flushed.Add(name + (lifetime.StopRequested ? " after stop" : " before stop"));
            return fail ? throw new IOException("disk full") : Task.CompletedTask;
        }
    }
}
