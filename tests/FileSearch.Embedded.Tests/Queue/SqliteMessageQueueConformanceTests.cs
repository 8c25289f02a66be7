using FileSearch.Core.Ports;
using FileSearch.Testing;
using FileSearch.Testing.Conformance;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Embedded.Tests.Queue;

[Trait("Category", "Integration")]
public sealed class SqliteMessageQueueConformanceTests : MessageQueueConformanceTests
{
    private readonly TempDirectory _directory = new("fs-queue-conf");
    private readonly FakeTimeProvider _time = new(TestStorage.Start);
    private readonly List<SqliteMessageQueue> _queues = [];

    protected override TimeSpan ReceiveWait => TimeSpan.Zero;

    protected override Task<IMessageQueue> CreateQueueAsync(int maxReceiveCount = 5)
    {
        var queue = TestStorage.Queue(_directory.Combine(Guid.NewGuid().ToString("N")), _time, maxReceiveCount);
        _queues.Add(queue);
        return Task.FromResult<IMessageQueue>(queue);
    }

    protected override Task AdvanceTimeAsync(TimeSpan duration)
    {
        _time.Advance(duration);
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        foreach (var queue in _queues)
        {
            await queue.DisposeAsync();
        }

        _directory.Dispose();
    }
}
