using FileSearch.Search.Lucene.Internals;

namespace FileSearch.Search.Lucene.Tests.Internals;

[Trait("Category", "Unit")]
public class GroupCommitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task CommitAsync_NothingWritten_DoesNotCommit()
    {
        var commits = 0;
        var sut = new GroupCommit(_ => { commits++; return Task.CompletedTask; });

        await sut.CommitAsync(CancellationToken.None);

        Assert.Equal(0, commits);
        Assert.Equal(0, sut.Commits);
    }

    [Fact]
    public async Task CommitAsync_CallersDuringARunningCommit_ShareTheNextOne()
    {
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var sut = new GroupCommit(async _ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                started.SetResult();
                await first.Task;
            }
        });
        sut.MarkWritten();
        var leader = sut.CommitAsync(CancellationToken.None);
        await started.Task.WaitAsync(Timeout);

        // Written while the first commit runs: not covered by it, so they need exactly one more.
        sut.MarkWritten();
        sut.MarkWritten();
        var followers = Enumerable.Range(0, 20).Select(_ => sut.CommitAsync(CancellationToken.None)).ToArray();
        first.SetResult();
        await Task.WhenAll([leader, .. followers]).WaitAsync(Timeout);

        Assert.Equal(2, calls);
        Assert.Equal(2, sut.Commits);
    }

    [Fact]
    public async Task CommitAsync_WriteAlreadyCovered_ReturnsWithoutCommitting()
    {
        var calls = 0;
        var sut = new GroupCommit(_ => { calls++; return Task.CompletedTask; });
        sut.MarkWritten();

        await sut.CommitAsync(CancellationToken.None);
        await sut.CommitAsync(CancellationToken.None);

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task CommitAsync_CommitFails_NextCallRetries()
    {
        var calls = 0;
        var sut = new GroupCommit(_ => ++calls == 1 ? throw new IOException("disk full") : Task.CompletedTask);
        sut.MarkWritten();

        await Assert.ThrowsAsync<IOException>(() => sut.CommitAsync(CancellationToken.None));
        await sut.CommitAsync(CancellationToken.None);

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task CommitAsync_Cancelled_ThrowsBeforeCommitting()
    {
        var calls = 0;
        var sut = new GroupCommit(ct => { ct.ThrowIfCancellationRequested(); calls++; return Task.CompletedTask; });
        sut.MarkWritten();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.CommitAsync(new CancellationToken(canceled: true)));

        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task Close_AfterWrites_MarksEverythingDurable()
    {
        var calls = 0;
        var closed = 0;
        var sut = new GroupCommit(_ => { calls++; return Task.CompletedTask; });
        sut.MarkWritten();

        sut.Close(() => closed++);
        await sut.CommitAsync(CancellationToken.None);

        Assert.Equal(1, closed);
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task CloseAsync_AfterWrites_MarksEverythingDurable()
    {
        var calls = 0;
        var sut = new GroupCommit(_ => { calls++; return Task.CompletedTask; });
        sut.MarkWritten();

        await sut.CloseAsync(() => Task.CompletedTask);
        await sut.CommitAsync(CancellationToken.None);

        Assert.Equal(0, calls);
    }
}
