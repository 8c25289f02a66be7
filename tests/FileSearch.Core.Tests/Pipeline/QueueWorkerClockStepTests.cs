using FileSearch.Core.Errors;
using FileSearch.Core.Worker;
using FileSearch.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Tests.Pipeline;

/// <summary>
/// The worker's visibility heartbeat runs on the monotonic clock. The queue's clock is the service's (SQS keeps its
/// own time), so here the queue keeps the harness's clock while the worker's wall clock is stepped back an hour:
/// measured on the wall clock, the heartbeat would wait an hour before extending, and the message would reappear at
/// its 30 s timeout and be processed twice.
/// </summary>
[Trait("Category", "Resilience")]
public sealed class QueueWorkerClockStepTests : IDisposable
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(20);
    private readonly PipelineHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task RunAsync_WorkerWallClockSteppedBackDuringLongWork_HeartbeatStillKeepsTheMessageHidden()
    {
        var workerClock = new SteppedClock(_h.Time.GetUtcNow());
        _h.PutText("長い処理.txt", "slow");
        await _h.Queue.SendAsync(PipelineHarness.SeedBody("長い処理.txt"), CancellationToken.None);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reads = 0;
        _h.Extractor.Gate = async ct =>
        {
            Interlocked.Increment(ref reads);
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        };
        // One slot, so the message, were it to reappear, would stay visible instead of waiting on the document's lock.
        var options = Options.Create(new WorkerOptions
        {
            Concurrency = 1,
            ReceiveWaitTime = _h.WorkerOptions.Value.ReceiveWaitTime,
            VisibilityTimeout = _h.WorkerOptions.Value.VisibilityTimeout,
            DrainTimeout = _h.WorkerOptions.Value.DrainTimeout,
        });
        var worker = new QueueWorker(_h.Queue, _h.CreateHandler(), new DefaultErrorClassifier(), options, workerClock, NullLogger<QueueWorker>.Instance);
        using var stop = new CancellationTokenSource();

        var run = worker.RunAsync(stop.Token);
        await started.Task.WaitAsync(TestTimeout);
        workerClock.Step(TimeSpan.FromHours(-1));
        for (var i = 0; i < 12; i++)
        {
            workerClock.Advance(TimeSpan.FromSeconds(7.5));
            _h.Time.Advance(TimeSpan.FromSeconds(7.5));
            await Task.Delay(20);
        }

        var during = await _h.Queue.GetCountsAsync(CancellationToken.None);
        Assert.Equal((0, 1), (during.Visible, during.InFlight));
        Assert.Equal(1, Volatile.Read(ref reads));

        await stop.CancelAsync();
        var deadline = Environment.TickCount64 + (long)TestTimeout.TotalMilliseconds;
        while (!run.IsCompleted && Environment.TickCount64 < deadline)
        {
            workerClock.Advance(TimeSpan.FromSeconds(1));
            _h.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        await run.WaitAsync(TestTimeout);
    }
}
