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
    public void DescribeThisProcess_NamesPidHostAndTime()
    {
        var text = ExclusiveFileLock.DescribeThisProcess(new DateTimeOffset(2026, 12, 6, 5, 20, 1, TimeSpan.Zero));

        Assert.Contains($"pid {Environment.ProcessId} on {Environment.MachineName}", text, StringComparison.Ordinal);
        Assert.Contains("since 2026-12-06 05:20:01 UTC", text, StringComparison.Ordinal);
    }
}
