using FileSearch.Testing;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Embedded.Tests.Queue;

/// <summary>A queue data directory and a fake clock shared by the queue tests; queues made here are disposed after each test.</summary>
public abstract class QueueTestBase : IDisposable
{
    protected static readonly TimeSpan Visibility = TimeSpan.FromSeconds(30);
    protected static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(20);

    private readonly List<SqliteMessageQueue> _queues = [];

    protected TempDirectory Directory { get; } = new("fs-queue");

    protected FakeTimeProvider Time { get; } = new(TestStorage.Start);

    protected static CancellationToken Ct => CancellationToken.None;

    public void Dispose()
    {
        _queues.ForEach(q => q.Dispose());
        Directory.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes <paramref name="queue"/> with the test.</summary>
    protected void Track(SqliteMessageQueue queue) => _queues.Add(queue);

    protected SqliteMessageQueue CreateSut(TimeProvider? time = null, int maxReceiveCount = 5, TimeSpan? pollInterval = null)
    {
        var queue = TestStorage.Queue(Directory.Path, time ?? Time, maxReceiveCount, pollInterval);
        _queues.Add(queue);
        return queue;
    }
}
