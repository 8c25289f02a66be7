using FileSearch.Search.Lucene.Internals.Locking;
using FileSearch.Testing;

namespace FileSearch.Search.Lucene.Tests.Internals.Locking;

[Trait("Category", "Unit")]
public sealed class ExclusiveFileLockTests : IDisposable
{
    private readonly TempDirectory _temp = new("file-lock");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void TryAcquire_HeldByAnotherHandle_ReturnsNullAndNamesTheHolder()
    {
        var path = _temp.Combine("x.lock");
        using var first = ExclusiveFileLock.TryAcquire(path, "pid 1 on host since then (filesearch worker)");
        Assert.NotNull(first);

        Assert.Null(ExclusiveFileLock.TryAcquire(path, "second"));
        Assert.Equal("pid 1 on host since then (filesearch worker)", ExclusiveFileLock.ReadHolder(path));
    }

    [Fact]
    public void TryAcquire_AfterRelease_SucceedsAndKeepsTheLockFile()
    {
        var path = _temp.Combine("x.lock");
        ExclusiveFileLock.TryAcquire(path, "first")!.Dispose();

        Assert.True(File.Exists(path), "the lock file must never be deleted (a waiter could lock an orphaned inode)");
        using var second = ExclusiveFileLock.TryAcquire(path, "second");
        Assert.NotNull(second);
        Assert.Equal("second", ExclusiveFileLock.ReadHolder(path));
    }

    [Fact]
    public void ReadHolder_NothingWritten_ReturnsEmpty() => Assert.Equal(string.Empty, ExclusiveFileLock.ReadHolder(_temp.Combine("none.lock")));

    [Fact]
    public async Task ReadLiveHolder_HolderDescribesItselfLate_WaitsForTheDescription()
    {
        var path = _temp.Combine("x.lock");
        var live = ExclusiveFileLock.DescribeThisProcess(TimeProvider.System.GetUtcNow());
        // What a holder that died earlier left behind: a pid of this machine that no longer runs.
        await File.WriteAllTextAsync(ExclusiveFileLock.HolderPath(path), $"pid {DeadPid()} on {Environment.MachineName} since then (filesearch worker)\n");
        var late = Task.Run(async () =>
        {
            await Task.Delay(300);
            await File.WriteAllTextAsync(ExclusiveFileLock.HolderPath(path), live + "\n");
        });

        var read = ExclusiveFileLock.ReadLiveHolder(path, TimeSpan.FromSeconds(10));
        await late;

        Assert.Equal(live, read);
    }

    [Fact]
    public void ReadLiveHolder_NothingEverWritten_ReturnsEmptyAfterThePatience()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal(string.Empty, ExclusiveFileLock.ReadLiveHolder(_temp.Combine("none.lock"), TimeSpan.FromMilliseconds(200)));
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("pid 1 on elsewhere-host since then (filesearch worker)", false)]
    [InlineData("written by hand", false)]
    public void NamesDeadLocalProcess_OtherHostsAndFreeText_NotJudged(string description, bool expected) =>
        Assert.Equal(expected, ExclusiveFileLock.NamesDeadLocalProcess(description));

    [Fact]
    public void NamesDeadLocalProcess_ThisProcessAndADeadPid_TellThemApart()
    {
        Assert.False(ExclusiveFileLock.NamesDeadLocalProcess(ExclusiveFileLock.DescribeThisProcess(TimeProvider.System.GetUtcNow())));
        Assert.True(ExclusiveFileLock.NamesDeadLocalProcess($"pid {DeadPid()} on {Environment.MachineName} since then (x)"));
    }

    [Fact]
    public void DescribeThisProcess_NamesPidHostAndTime()
    {
        var text = ExclusiveFileLock.DescribeThisProcess(new DateTimeOffset(2026, 12, 6, 5, 20, 1, TimeSpan.Zero));

        Assert.Contains($"pid {Environment.ProcessId} on {Environment.MachineName}", text, StringComparison.Ordinal);
        Assert.Contains("since 2026-12-06 05:20:01 UTC", text, StringComparison.Ordinal);
    }

    /// <summary>The pid of a process that ran and exited.</summary>
    private static int DeadPid()
    {
        using var process = System.Diagnostics.Process.Start("true")!;
        process.WaitForExit();
        return process.Id;
    }
}
