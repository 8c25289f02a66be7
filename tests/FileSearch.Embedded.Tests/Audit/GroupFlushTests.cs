using FileSearch.Embedded.Audit;

namespace FileSearch.Embedded.Tests.Audit;

[Trait("Category", "Unit")]
public sealed class GroupFlushTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <summary>A flush that blocks until released, counting calls per path (the fsync boundary).</summary>
    private sealed class GatedFlush
    {
        private readonly SemaphoreSlim _started = new(0);
        private readonly SemaphoreSlim _release = new(0);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Exception? FailNext { get; set; }

        public void Flush(string path)
        {
            Interlocked.Increment(ref _calls);
            _started.Release();
            if (!_release.Wait(Limit))
            {
                throw new TimeoutException("never released");
            }

            if (FailNext is { } failure)
            {
                FailNext = null;
                throw failure;
            }
        }

        public async Task WaitStartedAsync() => Assert.True(await _started.WaitAsync(Limit), "no flush started");

        public void Release() => _release.Release();
    }

    [Fact]
    public async Task FlushAsync_NobodyElse_FlushesOnceAndCompletes()
    {
        var flushes = 0;
        var group = new GroupFlush(_ => Interlocked.Increment(ref flushes));

        await group.FlushAsync("/audit/a.jsonl").WaitAsync(Limit);

        Assert.Equal(1, flushes);
    }

    [Fact]
    public async Task FlushAsync_WritersArriveDuringAFlush_ShareOneLaterFlushAndWaitForIt()
    {
        var gate = new GatedFlush();
        var group = new GroupFlush(gate.Flush);
        var first = Task.Run(() => group.FlushAsync("/audit/a.jsonl"));
        await gate.WaitStartedAsync();

        var waiting = Enumerable.Range(0, 10).Select(_ => group.FlushAsync("/audit/a.jsonl")).ToList();
        gate.Release();
        await first.WaitAsync(Limit);

        // The running flush may have begun before their writes: it must not complete them.
        await gate.WaitStartedAsync();
        Assert.All(waiting, w => Assert.False(w.IsCompleted));
        Assert.Equal(2, gate.Calls);

        gate.Release();
        await Task.WhenAll(waiting).WaitAsync(Limit);
        Assert.Equal(2, gate.Calls);
    }

    [Fact]
    public async Task FlushAsync_FlushFails_ThatBatchFailsAndTheNextStillFlushes()
    {
        var gate = new GatedFlush();
        var group = new GroupFlush(gate.Flush);
        var first = Task.Run(() => group.FlushAsync("/audit/a.jsonl"));
        await gate.WaitStartedAsync();
        var second = group.FlushAsync("/audit/a.jsonl");

        gate.FailNext = new IOException("disk full");
        gate.Release();
        var failed = await Assert.ThrowsAsync<IOException>(() => first.WaitAsync(Limit));
        Assert.Equal("disk full", failed.Message);

        await gate.WaitStartedAsync();
        gate.Release();
        await second.WaitAsync(Limit);
        Assert.Equal(2, gate.Calls);
    }

    [Fact]
    public async Task FlushAsync_FlushThrowsNonIoException_ItsCallersFailAndWritersDuringItStillFlush()
    {
        var gate = new GatedFlush();
        var group = new GroupFlush(gate.Flush);
        var first = Task.Run(() => group.FlushAsync("/audit/監査.jsonl"));
        await gate.WaitStartedAsync();
        var waiting = Enumerable.Range(0, 5).Select(_ => group.FlushAsync("/audit/監査.jsonl")).ToList();

        gate.FailNext = new InvalidOperationException("handle closed under the flush");
        gate.Release();
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => first.WaitAsync(Limit));
        Assert.Equal("handle closed under the flush", failed.Message);

        await gate.WaitStartedAsync();
        gate.Release();
        await Task.WhenAll(waiting).WaitAsync(Limit);
        Assert.Equal(2, gate.Calls);
    }

    [Fact]
    public async Task FlushAsync_BatchFlushedOnThreadPoolThrowsNonIoException_EveryWaiterFailsAndLaterWritersFlush()
    {
        var gate = new GatedFlush();
        var group = new GroupFlush(gate.Flush);
        var first = Task.Run(() => group.FlushAsync("/audit/監査.jsonl"));
        await gate.WaitStartedAsync();
        var waiting = Enumerable.Range(0, 5).Select(_ => group.FlushAsync("/audit/監査.jsonl")).ToList();
        gate.Release();
        await first.WaitAsync(Limit);

        await gate.WaitStartedAsync(); // the batch of the five, on the thread pool
        gate.FailNext = new ObjectDisposedException("audit-2026-12-07.jsonl");
        gate.Release();
        foreach (var waiter in waiting)
        {
            await Assert.ThrowsAsync<ObjectDisposedException>(() => waiter.WaitAsync(Limit));
        }

        var later = Task.Run(() => group.FlushAsync("/audit/監査.jsonl"));
        await gate.WaitStartedAsync();
        gate.Release();
        await later.WaitAsync(Limit);
        Assert.Equal(3, gate.Calls);
    }

    [Fact]
    public async Task FlushAsync_OtherFile_DoesNotWaitForARunningFlush()
    {
        var gate = new GatedFlush();
        var other = new List<string>();
        var group = new GroupFlush(path =>
        {
            if (path.EndsWith("a.jsonl", StringComparison.Ordinal))
            {
                gate.Flush(path);
            }
            else
            {
                lock (other)
                {
                    other.Add(path);
                }
            }
        });
        var first = Task.Run(() => group.FlushAsync("/audit/a.jsonl"));
        await gate.WaitStartedAsync();

        await group.FlushAsync("/audit/b.jsonl").WaitAsync(Limit);

        Assert.Equal(["/audit/b.jsonl"], other);
        gate.Release();
        await first.WaitAsync(Limit);
    }

    [Fact]
    public async Task FlushAsync_AfterAllSettle_NextCallerFlushesAgain()
    {
        var flushes = 0;
        var group = new GroupFlush(_ => Interlocked.Increment(ref flushes));

        await group.FlushAsync("/audit/a.jsonl").WaitAsync(Limit);
        await group.FlushAsync("/audit/a.jsonl").WaitAsync(Limit);

        Assert.Equal(2, flushes);
    }
}
