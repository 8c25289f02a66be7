using FileSearch.Core.Domain;
using FileSearch.Core.Worker;
using FileSearch.Testing;

namespace FileSearch.Core.Tests.Pipeline;

/// <summary>
/// A message waiting for its index commit gives its worker slot to the next file, and is still acknowledged only after
/// the commit: while commits hang nothing is deleted from the queue, and a worker stopped in between leaves every
/// message to be processed again.
/// </summary>
[Trait("Category", "Resilience")]
public sealed class CommitWaitTests : IDisposable
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(20);
    private readonly PipelineHarness _h = new();
    private readonly TaskCompletionSource _commitsMayFinish = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _commitsWaiting;

    public CommitWaitTests()
    {
        _h.WorkerOptions.Value.Concurrency = 1;
        _h.WorkerOptions.Value.MaxAwaitingCommit = 2;
        _h.Index.CommitGate = async ct =>
        {
            Interlocked.Increment(ref _commitsWaiting);
            await _commitsMayFinish.Task.WaitAsync(ct);
        };
    }

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task RunAsync_CommitsHang_NextFilesStartButNothingIsAcknowledged()
    {
        await SendFilesAsync(4);
        using var stop = new CancellationTokenSource();
        var run = _h.CreateWorker().RunAsync(stop.Token);

        // One slot: the first two files give it back while they wait for their commit, the third keeps it (two wait already).
        await WaitUntilAsync(() => Volatile.Read(ref _commitsWaiting) == 3);
        await Task.Delay(200);
        Assert.Equal(3, Volatile.Read(ref _commitsWaiting));
        var during = await _h.Queue.GetCountsAsync(CancellationToken.None);
        Assert.Equal((1, 3), (during.Visible, during.InFlight));
        Assert.Empty(_h.Index.Committed);
        Assert.DoesNotContain(_h.Observer.Messages, m => m.Outcome == MessageOutcome.Completed);
        foreach (var key in Keys(4))
        {
            Assert.NotEqual(DocumentStatus.Indexed, (await _h.Metadata.GetAsync(_h.Created(key).DocumentId, CancellationToken.None))?.Status);
        }

        _commitsMayFinish.SetResult();
        await WaitUntilAsync(() => _h.Observer.Messages.Count(m => m.Outcome == MessageOutcome.Completed) == 4);
        await stop.CancelAsync();
        await run.WaitAsync(TestTimeout);

        Assert.Equal(4, _h.Index.Committed.Count);
        var after = await _h.Queue.GetCountsAsync(CancellationToken.None);
        Assert.Equal((0, 0), (after.Visible, after.InFlight));
    }

    [Fact]
    public async Task RunAsync_StoppedWhileCommitsHang_NoMessageAcknowledgedAndAllProcessedAfterRestart()
    {
        await SendFilesAsync(3);
        using var stop = new CancellationTokenSource();
        var run = _h.CreateWorker().RunAsync(stop.Token);
        await WaitUntilAsync(() => Volatile.Read(ref _commitsWaiting) == 3);

        // The worker stops before any commit completes: the drain deadline passes and the messages go back to the queue.
        await stop.CancelAsync();
        var deadline = Environment.TickCount64 + (long)TestTimeout.TotalMilliseconds;
        while (!run.IsCompleted && Environment.TickCount64 < deadline)
        {
            _h.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        await run.WaitAsync(TestTimeout);
        Assert.Empty(_h.Index.Committed);
        Assert.DoesNotContain(_h.Observer.Messages, m => m.Outcome == MessageOutcome.Completed);
        var stopped = await _h.Queue.GetCountsAsync(CancellationToken.None);
        Assert.Equal(3, stopped.Visible + stopped.InFlight);

        // A new worker (the restarted process) with a working index processes all three.
        _h.Index.CommitGate = null;
        _h.Time.Advance(_h.WorkerOptions.Value.VisibilityTimeout);
        await _h.CreateWorker().RunUntilIdleAsync(CancellationToken.None).WaitAsync(TestTimeout);
        Assert.Equal(3, _h.Index.Committed.Count);
        var after = await _h.Queue.GetCountsAsync(CancellationToken.None);
        Assert.Equal((0, 0, 0), (after.Visible, after.InFlight, after.DeadLettered));
    }

    [Fact]
    public async Task RunAsync_NoAwaitingPlaces_FileKeepsItsSlotDuringTheCommit()
    {
        _h.WorkerOptions.Value.MaxAwaitingCommit = 0;
        await SendFilesAsync(2);
        using var stop = new CancellationTokenSource();
        var run = _h.CreateWorker().RunAsync(stop.Token);

        await WaitUntilAsync(() => Volatile.Read(ref _commitsWaiting) == 1);
        await Task.Delay(200);
        Assert.Equal(1, Volatile.Read(ref _commitsWaiting));

        _commitsMayFinish.SetResult();
        await WaitUntilAsync(() => _h.Observer.Messages.Count(m => m.Outcome == MessageOutcome.Completed) == 2);
        await stop.CancelAsync();
        await run.WaitAsync(TestTimeout);
        Assert.Equal(2, _h.Index.Committed.Count);
    }

    private static IEnumerable<string> Keys(int count) => Enumerable.Range(0, count).Select(i => $"メモ/{i:D2}.txt");

    private async Task SendFilesAsync(int count)
    {
        foreach (var key in Keys(count))
        {
            _h.PutText(key, $"議事録の下書き {key}");
        }

        await _h.Queue.SendBatchAsync([.. Keys(count).Select(k => PipelineHarness.SeedBody(k))], CancellationToken.None);
    }

    private static Task WaitUntilAsync(Func<bool> condition) => Polling.UntilAsync(condition, TestTimeout);
}
