using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;
using FileSearch.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace FileSearch.Core.Tests.Pipeline;

[Trait("Category", "Unit")]
public sealed class QueueWorkerTests : IDisposable
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(20);
    private readonly PipelineHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task RunUntilIdleAsync_TwentyMessages_AllIndexedAndQueueEmpty()
    {
        for (var i = 0; i < 20; i++)
        {
            _h.PutText($"docs/{i:D2}.txt", $"文書 {i}");
        }

        await _h.Queue.SendBatchAsync([.. Enumerable.Range(0, 20).Select(i => PipelineHarness.SeedBody($"docs/{i:D2}.txt"))], CancellationToken.None);
        await _h.Queue.SendAsync("garbage", CancellationToken.None);

        await _h.CreateWorker().RunUntilIdleAsync(CancellationToken.None).WaitAsync(TestTimeout);

        Assert.Equal(20, _h.Index.Committed.Count);
        var counts = await _h.Queue.GetCountsAsync(CancellationToken.None);
        Assert.Equal(0, counts.Visible + counts.InFlight);
        Assert.Equal(1, counts.DeadLettered);
        Assert.Equal(0, _h.TempFolderCount());
    }

    [Fact]
    public async Task RunAsync_StopDuringLongWork_HeartbeatKeepsMessageHiddenThenDrainReleasesIt()
    {
        _h.PutText("slow.txt", "slow");
        await _h.Queue.SendAsync(PipelineHarness.SeedBody("slow.txt"), CancellationToken.None);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _h.Extractor.Gate = async ct =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        };
        var worker = _h.CreateWorker();
        using var stop = new CancellationTokenSource();

        var run = worker.RunAsync(stop.Token);
        await started.Task.WaitAsync(TestTimeout);

        // Well past the 30 s visibility timeout: the heartbeat must have extended it.
        for (var i = 0; i < 8; i++)
        {
            _h.Time.Advance(TimeSpan.FromSeconds(7.5));
            await Task.Delay(20);
        }

        var during = await _h.Queue.GetCountsAsync(CancellationToken.None);
        Assert.Equal(0, during.Visible);
        Assert.Equal(1, during.InFlight);

        await stop.CancelAsync();
        Assert.Equal(1, worker.InFlightCount);

        // Work does not finish by itself: only the 5 s drain deadline ends it. Advance time until it does.
        var deadline = Environment.TickCount64 + (long)TestTimeout.TotalMilliseconds;
        while (!run.IsCompleted && Environment.TickCount64 < deadline)
        {
            _h.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        await run.WaitAsync(TestTimeout);

        var after = await _h.Queue.GetCountsAsync(CancellationToken.None);
        Assert.Equal(1, after.Visible);
        Assert.Contains(_h.Observer.Messages, m => m.Outcome == MessageOutcome.Released);
        Assert.Empty(_h.Index.Committed);
    }

    [Fact]
    public async Task RunAsync_StopWhileIdle_ReturnsPromptly()
    {
        using var stop = new CancellationTokenSource();
        var run = _h.CreateWorker().RunAsync(stop.Token);
        await Task.Delay(50);

        await stop.CancelAsync();

        await run.WaitAsync(TestTimeout);
        Assert.True(run.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task RunUntilIdleAsync_TwentyMessagesAtFivePerSecond_TakeAboutFourSeconds()
    {
        _h.WorkerOptions.Value.MaxMessagesPerSecond = 5;
        _h.WorkerOptions.Value.Concurrency = 8;
        for (var i = 0; i < 20; i++)
        {
            _h.PutText($"docs/{i:D2}.txt", $"文書 {i}");
        }

        await _h.Queue.SendBatchAsync([.. Enumerable.Range(0, 20).Select(i => PipelineHarness.SeedBody($"docs/{i:D2}.txt"))], CancellationToken.None);
        var starts = new List<DateTimeOffset>();
        _h.Extractor.Gate = _ =>
        {
            lock (starts)
            {
                starts.Add(_h.Time.GetUtcNow());
            }

            return Task.CompletedTask;
        };
        var begin = _h.Time.GetUtcNow();

        var run = _h.CreateWorker().RunUntilIdleAsync(CancellationToken.None);
        for (var step = 0; step < 400 && !run.IsCompleted; step++)
        {
            _h.Time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(2);
        }

        await run.WaitAsync(TestTimeout);
        Assert.Equal(20, _h.Index.Committed.Count);
        var ordered = starts.Order().ToList();
        var span = ordered[^1] - begin;
        Assert.InRange(span.TotalSeconds, 3.75, 4.3);

        // Never ahead of the cap (work may start late on the stepped clock, never early): the k-th at k × 0.2 s or later.
        Assert.All(ordered.Select((t, k) => (t, k)), x => Assert.True(x.t - begin >= TimeSpan.FromMilliseconds(200 * x.k), $"#{x.k} at {(x.t - begin).TotalSeconds} s"));
    }

    [Fact]
    public async Task RunUntilIdleAsync_LongPollingQueue_ReturnsWhenLastMessageIsDoneWithoutWaitingOutAPoll()
    {
        // The queue's long poll runs on the fake clock, which this test never advances: a run that waits out a poll
        // once its queue is drained never ends.
        var queue = new LongPollingQueue(_h.Queue, _h.Time);
        for (var i = 0; i < 5; i++)
        {
            _h.PutText($"docs/{i}.txt", $"文書 {i}");
        }

        await _h.Queue.SendBatchAsync([.. Enumerable.Range(0, 5).Select(i => PipelineHarness.SeedBody($"docs/{i}.txt"))], CancellationToken.None);
        var worker = new QueueWorker(queue, _h.CreateHandler(), new DefaultErrorClassifier(), _h.WorkerOptions, _h.Time,
            NullLogger<QueueWorker>.Instance, workerSlots: _h.Slots);

        await worker.RunUntilIdleAsync(CancellationToken.None).WaitAsync(TestTimeout);

        Assert.Equal(5, _h.Index.Committed.Count);
        Assert.Equal(0, queue.PollsWaitedOut);
    }

    /// <summary>Answers an empty receive after the whole wait time, as SQS and the SQLite queue do, on the given clock.</summary>
    private sealed class LongPollingQueue(IMessageQueue inner, TimeProvider time) : DelegatingMessageQueue(inner)
    {
        private int _pollsWaitedOut;

        public int PollsWaitedOut => Volatile.Read(ref _pollsWaitedOut);

        public override async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int maxMessages, TimeSpan waitTime, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
        {
            var received = await Inner.ReceiveAsync(maxMessages, TimeSpan.Zero, visibilityTimeout, cancellationToken);
            if (received.Count > 0 || waitTime == TimeSpan.Zero)
            {
                return received;
            }

            await Task.Delay(waitTime, time, cancellationToken);
            Interlocked.Increment(ref _pollsWaitedOut);
            return await Inner.ReceiveAsync(maxMessages, TimeSpan.Zero, visibilityTimeout, cancellationToken);
        }
    }
}
