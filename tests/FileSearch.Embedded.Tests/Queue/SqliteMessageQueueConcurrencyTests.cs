using FileSearch.Core.Ports;
using Microsoft.Data.Sqlite;

namespace FileSearch.Embedded.Tests.Queue;

/// <summary>Long polling, cancellation and concurrent access to one queue file within a process.</summary>
[Trait("Category", "Integration")]
public sealed class SqliteMessageQueueConcurrencyTests : QueueTestBase
{
    [Fact]
    public async Task ReceiveAsync_SendDuringLongPoll_ReturnsWithoutTimeMoving()
    {
        var queue = CreateSut();

        var receive = queue.ReceiveAsync(10, TimeSpan.FromSeconds(20), Visibility, Ct);
        await queue.SendAsync("wake up", Ct);
        var received = await receive.WaitAsync(TestTimeout);

        Assert.Equal("wake up", Assert.Single(received).Body);
    }

    [Fact]
    public async Task ReceiveAsync_NothingArrives_ReturnsEmptyOnceWaitTimePassed()
    {
        var queue = CreateSut();

        var receive = queue.ReceiveAsync(10, TimeSpan.FromSeconds(5), Visibility, Ct);
        for (var i = 0; i < 40 && !receive.IsCompleted; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(receive, Task.Delay(50));
        }

        Assert.True(receive.IsCompleted, "the long poll did not end after its wait time");
        Assert.Empty(await receive);
    }

    [Fact]
    public async Task ReceiveAsync_SendFromAnotherInstance_FoundByPolling()
    {
        var receiver = CreateSut(time: TimeProvider.System, pollInterval: TimeSpan.FromMilliseconds(20));
        var sender = CreateSut(time: TimeProvider.System);
        var started = TimeProvider.System.GetTimestamp();

        var receive = receiver.ReceiveAsync(1, TimeSpan.FromSeconds(10), Visibility, Ct);
        await sender.SendAsync("from elsewhere", Ct);
        var received = await receive.WaitAsync(TestTimeout);

        Assert.Equal("from elsewhere", Assert.Single(received).Body);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ReceiveAsync_Cancelled_ThrowsOperationCanceled()
    {
        var queue = CreateSut();
        using var cts = new CancellationTokenSource();

        var receive = queue.ReceiveAsync(10, TimeSpan.FromSeconds(20), Visibility, cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receive.WaitAsync(TestTimeout));
    }

    [Fact]
    public async Task Dispose_DuringLongPoll_EndsTheWait()
    {
        var queue = CreateSut();
        await queue.GetCountsAsync(Ct);

        var receive = queue.ReceiveAsync(10, TimeSpan.FromSeconds(20), Visibility, Ct);
        queue.Dispose();

        // Depending on where the receive was, it sees the cancellation or the disposed database.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => receive.WaitAsync(TestTimeout));
        Assert.True(error is OperationCanceledException or ObjectDisposedException, error.ToString());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => queue.SendAsync("late", Ct));
    }

    [Fact]
    public async Task ReceiveAsync_TwoInstancesRacing_NoMessageDeliveredTwice()
    {
        var a = CreateSut(time: TimeProvider.System);
        var b = CreateSut(time: TimeProvider.System);
        await a.SendBatchAsync(Enumerable.Range(0, 200).Select(i => $"m{i}").ToList(), Ct);

        // SQLite calls complete synchronously: without Task.Run the receivers would simply take turns.
        var receivers = Enumerable.Range(0, 4).Select(i => Task.Run(() => DrainAsync(i % 2 == 0 ? a : b))).ToList();
        var all = (await Task.WhenAll(receivers).WaitAsync(TimeSpan.FromSeconds(60))).SelectMany(x => x).ToList();

        Assert.Equal(200, all.Count);
        Assert.Equal(200, all.Distinct().Count());
    }

    [Fact]
    public async Task ReceiveAsync_WhileAnotherConnectionWrites_WaitsAndSeesItsCommit()
    {
        var queue = CreateSut(time: TimeProvider.System);
        await queue.SendAsync("taken elsewhere", Ct);
        await using var other = new SqliteConnection($"Data Source={Path.Combine(Directory.Path, "queue.db")};Pooling=False");
        await other.OpenAsync();
        await using var transaction = other.BeginTransaction(deferred: false);
        await using (var hide = other.CreateCommand())
        {
            hide.Transaction = transaction;
            hide.CommandText = "UPDATE messages SET visible_at = 9223372036854775807, receipt = 'other';";
            await hide.ExecuteNonQueryAsync();
        }

        // The receive must take the write lock before it reads; reading first would pick the message
        // from a snapshot that the commit below makes stale.
        var receive = Task.Run(() => queue.ReceiveAsync(10, TimeSpan.Zero, Visibility, Ct));
        await Task.Delay(300);
        await transaction.CommitAsync();

        Assert.Empty(await receive.WaitAsync(TestTimeout));
    }

    [Fact]
    public async Task RedriveAsync_WhileLongPolling_WakesReceiver()
    {
        var queue = CreateSut();
        await queue.SendAsync("back again", Ct);
        var message = Assert.Single(await queue.ReceiveAsync(1, TimeSpan.Zero, Visibility, Ct));
        await queue.DeadLetterAsync(message, "test", Ct);

        var receive = queue.ReceiveAsync(1, TimeSpan.FromSeconds(20), Visibility, Ct);
        await queue.RedriveAsync(message.MessageId, Ct);

        Assert.Equal("back again", Assert.Single(await receive.WaitAsync(TestTimeout)).Body);
    }

    private static async Task<List<string>> DrainAsync(SqliteMessageQueue queue)
    {
        var ids = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            var batch = await queue.ReceiveAsync(3, TimeSpan.Zero, TimeSpan.FromMinutes(5), Ct);
            if (batch.Count == 0)
            {
                break;
            }

            ids.AddRange(batch.Select(m => m.MessageId));
        }

        return ids;
    }
}
