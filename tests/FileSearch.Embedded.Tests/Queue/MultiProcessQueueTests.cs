using FileSearch.Testing;
using Xunit.Abstractions;

namespace FileSearch.Embedded.Tests.Queue;

/// <summary>Real processes on one queue.db, real time: kill -9 loses nothing, and two workers never share a message.</summary>
[Trait("Category", "Integration")]
public sealed class MultiProcessQueueTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _directory = new("fs-queue-procs");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task KilledWorker_InFlightMessages_ReappearAfterVisibilityExpires()
    {
        await using var queue = TestStorage.Queue(_directory.Path, TimeProvider.System);
        var sent = await queue.SendBatchAsync(["a", "b", "c", "d", "e"], CancellationToken.None);
        var visibility = TimeSpan.FromSeconds(3);

        using var child = await ChildWorker.StartAsync(_directory.Path, maxMessages: 5, visibility, hold: true);
        await child.GoAsync();
        var taken = await child.ReadReceivedAsync();
        var whileHeld = await queue.ReceiveAsync(10, TimeSpan.Zero, TimeSpan.FromSeconds(30), CancellationToken.None);
        await child.KillAsync();

        Assert.Equal(sent.Order(), taken.Order());
        Assert.Empty(whileHeld);
        var again = await ReceiveAllAsync(queue, expected: 5, TimeSpan.FromSeconds(20));
        Assert.Equal(sent.Order(), again.Select(m => m.MessageId).Order());
        Assert.All(again, m => Assert.Equal(2, m.ReceiveCount));
    }

    [Fact]
    public async Task TwoWorkers_SameQueueFile_NeverReceiveTheSameMessage()
    {
        await using var queue = TestStorage.Queue(_directory.Path, TimeProvider.System);
        var sent = await queue.SendBatchAsync(Enumerable.Range(0, 300).Select(i => $"m{i}").ToList(), CancellationToken.None);

        using var first = await ChildWorker.StartAsync(_directory.Path, maxMessages: 1000, TimeSpan.FromMinutes(5), hold: false);
        using var second = await ChildWorker.StartAsync(_directory.Path, maxMessages: 1000, TimeSpan.FromMinutes(5), hold: false);
        await Task.WhenAll(first.GoAsync(), second.GoAsync());
        var results = await Task.WhenAll(first.ReadReceivedAsync(), second.ReadReceivedAsync());
        await Task.WhenAll(first.WaitForExitAsync(), second.WaitForExitAsync());

        output.WriteLine($"first worker received {results[0].Count}, second {results[1].Count}");
        Assert.Empty(results[0].Intersect(results[1]));
        Assert.Equal(sent.Order(), results[0].Concat(results[1]).Order());
        Assert.Equal(300, (await queue.GetCountsAsync(CancellationToken.None)).InFlight);
    }

    private static async Task<List<Core.Ports.QueueMessage>> ReceiveAllAsync(SqliteMessageQueue queue, int expected, TimeSpan limit)
    {
        var received = new List<Core.Ports.QueueMessage>();
        var started = TimeProvider.System.GetTimestamp();
        while (received.Count < expected && TimeProvider.System.GetElapsedTime(started) < limit)
        {
            received.AddRange(await queue.ReceiveAsync(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), CancellationToken.None));
        }

        return received;
    }
}
