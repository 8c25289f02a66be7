using System.Globalization;
using FileSearch.Aws.Spot;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;
using FileSearch.Testing;
using FileSearch.Testing.Fakes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

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
    public async Task ExecuteAsync_NoticeArrives_CapsDrainStopsHostAndRecordsStateOnlyAfterStopped()
    {
        using var monitor = CreateSut();
        await monitor.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => monitor.Active && _imds.TokenRequests > 0);
        var when = new DateTimeOffset(2030, 1, 1, 0, 2, 0, TimeSpan.Zero);

        _imds.InstanceAction = $$"""{"action":"terminate","time":"{{when.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}}"}""";
        await WaitUntilAsync(() => _lifetime.StopRequested);
        var writtenAtNotice = File.Exists(StateFile);
        await StopHostAsync(monitor);
        var state = await WorkerStateFile.TakeAsync(StateFile, CancellationToken.None);

        Assert.False(writtenAtNotice);
        Assert.Equal(new InterruptionNotice("terminate", when), monitor.Notice);
        Assert.NotNull(state);
        Assert.Contains("spot interruption", state.Reason, StringComparison.Ordinal);
        Assert.Equal(when - TimeSpan.FromSeconds(20), state.Deadline);
        Assert.Equal(0, _imds.UnauthorizedRequests);
    }

    [Fact]
    public async Task StoppedAsync_AfterNotice_FlushesEveryComponentEvenIfOneFailsThenRecordsState()
    {
        using var monitor = CreateSut(flushes: [new RecordingFlush("broken", _flushed, StateFile, fail: true), new RecordingFlush("metrics", _flushed, StateFile)]);
        await monitor.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => monitor.Active);

        _imds.InstanceAction = """{"action":"stop","time":"2030-01-01T00:02:00Z"}""";
        await WaitUntilAsync(() => _lifetime.StopRequested);
        var flushedAtNotice = _flushed.Count;
        await StopHostAsync(monitor);

        Assert.Equal(0, flushedAtNotice);
        Assert.Equal(["broken (no state yet)", "metrics (no state yet)"], _flushed);
        Assert.True(monitor.Flushed);
        Assert.True(File.Exists(StateFile));
    }

    [Fact]
    public async Task StoppedAsync_HostStoppingWithoutNoticeNothingInFlight_FlushesWithoutStateFile()
    {
        using var monitor = CreateSut(enabled: false, flushes: [new RecordingFlush("metrics", _flushed, StateFile)]);
        await monitor.StartAsync(CancellationToken.None);

        await StopHostAsync(monitor);

        Assert.Equal(["metrics (no state yet)"], _flushed);
        Assert.False(File.Exists(StateFile));
    }

    [Fact]
    public async Task StoppedAsync_FlushHangs_GivesUpAfterFlushTimeoutAndStillRecords()
    {
        var time = new FakeTimeProvider();
        using var monitor = CreateSut(enabled: false, flushes: [new HangingFlush()], time: time, flushTimeout: TimeSpan.FromSeconds(3));
        await monitor.StartAsync(CancellationToken.None);
        await ((IHostedLifecycleService)monitor).StoppingAsync(CancellationToken.None);

        var stopped = ((IHostedLifecycleService)monitor).StoppedAsync(CancellationToken.None);
        Assert.False(stopped.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(3));
        await stopped.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(monitor.Flushed);
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

    /// <summary>What the host does when it stops: stopping phase, StopAsync of every service, stopped phase.</summary>
    private static async Task StopHostAsync(SpotInterruptionMonitor monitor)
    {
        IHostedLifecycleService lifecycle = monitor;
        await lifecycle.StoppingAsync(CancellationToken.None);
        await monitor.StopAsync(CancellationToken.None);
        await lifecycle.StoppedAsync(CancellationToken.None);
    }

    private SpotInterruptionMonitor CreateSut(Uri? endpoint = null, bool enabled = true, IShutdownFlush[]? flushes = null, TimeProvider? time = null, TimeSpan? flushTimeout = null)
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
            FlushTimeout = flushTimeout ?? TimeSpan.FromSeconds(10),
        };
        return new SpotInterruptionMonitor(worker, _lifetime, Options.Create(options), time ?? TimeProvider.System, NullLogger<SpotInterruptionMonitor>.Instance, flushes);
    }

    private static Task WaitUntilAsync(Func<bool> condition) => Polling.UntilAsync(condition, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(25));

    private sealed class StopRecorder : IHostApplicationLifetime
    {
        public bool StopRequested { get; private set; }

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => StopRequested = true;
    }

    private sealed class RecordingFlush(string name, List<string> flushed, string stateFile, bool fail = false) : IShutdownFlush
    {
        public Task FlushAsync(CancellationToken cancellationToken)
        {
            flushed.Add(name + (File.Exists(stateFile) ? " (state already written)" : " (no state yet)"));
            return fail ? throw new IOException("disk full") : Task.CompletedTask;
        }
    }

    private sealed class HangingFlush : IShutdownFlush
    {
        public Task FlushAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
