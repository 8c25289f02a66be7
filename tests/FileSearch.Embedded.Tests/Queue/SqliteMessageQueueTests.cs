using FileSearch.Core.Ports;
using Microsoft.Data.Sqlite;

namespace FileSearch.Embedded.Tests.Queue;

/// <summary>Queue behaviour beyond the conformance suite: exact reasons, stale handles, limits, persistence.</summary>
[Trait("Category", "Integration")]
public sealed class SqliteMessageQueueTests : QueueTestBase
{
    [Fact]
    public async Task DeleteAsync_StaleReceiptHandle_MessageStaysInFlight()
    {
        var queue = CreateSut();
        var (first, second) = await ReceiveTwiceAsync(queue);

        await queue.DeleteAsync(first.ReceiptHandle, Ct);
        await queue.ChangeVisibilityAsync(first.ReceiptHandle, TimeSpan.Zero, Ct);

        Assert.Equal(1, (await queue.GetCountsAsync(Ct)).InFlight);
        Assert.Equal(2, second.ReceiveCount);
    }

    [Fact]
    public async Task DeadLetterAsync_StaleReceiptHandle_LeavesMessageQueued()
    {
        var queue = CreateSut();
        var (first, _) = await ReceiveTwiceAsync(queue);

        await queue.DeadLetterAsync(first, "too late", Ct);

        var counts = await queue.GetCountsAsync(Ct);
        Assert.Equal((1, 0), (counts.InFlight, counts.DeadLettered));
    }

    [Fact]
    public async Task DeadLetterAsync_VeryLongReason_StoredCut()
    {
        var queue = CreateSut();
        await queue.SendAsync("m", Ct);
        var message = Assert.Single(await queue.ReceiveAsync(1, TimeSpan.Zero, Visibility, Ct));

        await queue.DeadLetterAsync(message, new string('x', 10_000), Ct);

        Assert.Equal(2000, Assert.Single(await queue.ListDeadLettersAsync(10, Ct)).Reason.Length);
    }

    [Fact]
    public async Task ReceiveAsync_DefaultMaxReceives_DeadLettersWithExactReasonAndTime()
    {
        var queue = CreateSut();
        await queue.SendAsync("poison", Ct);
        for (var i = 0; i < 5; i++)
        {
            Assert.Single(await queue.ReceiveAsync(1, TimeSpan.Zero, Visibility, Ct));
            Time.Advance(Visibility);
        }

        Assert.Empty(await queue.ReceiveAsync(10, TimeSpan.Zero, Visibility, Ct));

        var letter = Assert.Single(await queue.ListDeadLettersAsync(10, Ct));
        Assert.Equal("exceeded maximum receives (5) without being deleted", letter.Reason);
        Assert.Equal(5, letter.ReceiveCount);
        Assert.Equal(Time.GetUtcNow(), letter.DeadLetteredAt);
        Assert.Equal(TestStorage.Start, letter.SentAt);
    }

    [Fact]
    public async Task ReceiveAsync_PoisonAmongGood_DeliversGoodOnesInSameCall()
    {
        var queue = CreateSut(maxReceiveCount: 1);
        await queue.SendAsync("poison", Ct);
        Assert.Single(await queue.ReceiveAsync(1, TimeSpan.Zero, Visibility, Ct));
        Time.Advance(Visibility);
        await queue.SendBatchAsync(["good 1", "good 2"], Ct);

        var received = await queue.ReceiveAsync(10, TimeSpan.Zero, Visibility, Ct);

        Assert.Equal(["good 1", "good 2"], received.Select(m => m.Body));
        Assert.Equal(1, (await queue.GetCountsAsync(Ct)).DeadLettered);
    }

    [Fact]
    public async Task ReceiveAsync_ZeroVisibility_DeliversEachMessageOncePerCall()
    {
        var queue = CreateSut();
        await queue.SendBatchAsync(["a", "b"], Ct);

        var first = await queue.ReceiveAsync(10, TimeSpan.Zero, TimeSpan.Zero, Ct);
        var second = await queue.ReceiveAsync(10, TimeSpan.Zero, TimeSpan.Zero, Ct);

        Assert.Equal(2, first.Count);
        Assert.Equal([2, 2], second.Select(m => m.ReceiveCount));
    }

    [Fact]
    public async Task GetCountsAsync_OldestVisible_IsEarliestSendTime()
    {
        var queue = CreateSut();
        await queue.SendAsync("old", Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        await queue.SendAsync("new", Ct);

        var counts = await queue.GetCountsAsync(Ct);

        Assert.Equal(TestStorage.Start, counts.OldestVisibleSentAt);
        Assert.Equal(2, counts.Visible);
    }

    [Fact]
    public async Task Reopen_AfterDispose_KeepsQueuedInFlightAndDeadLetters()
    {
        var first = CreateSut();
        await first.SendBatchAsync(["first", "second", "third"], Ct);
        var received = await first.ReceiveAsync(2, TimeSpan.Zero, Visibility, Ct);
        await first.DeadLetterAsync(received.Single(m => m.Body == "first"), "test", Ct);
        first.Dispose();

        var reopened = CreateSut();
        var counts = await reopened.GetCountsAsync(Ct);

        Assert.Equal((1, 1, 1), (counts.Visible, counts.InFlight, counts.DeadLettered));
        Assert.Equal("third", Assert.Single(await reopened.ReceiveAsync(10, TimeSpan.Zero, Visibility, Ct)).Body);
    }

    [Fact]
    public async Task SendAsync_BodyOverLimit_ThrowsArgumentException()
    {
        var queue = CreateSut();

        await Assert.ThrowsAsync<ArgumentException>(() => queue.SendAsync(new string('あ', SqliteMessageQueue.MaxBodyBytes / 3 + 1), Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.SendBatchAsync([], Ct));
    }

    [Fact]
    public async Task ReceiveAsync_OutOfRangeTimes_Throw()
    {
        var queue = CreateSut();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveAsync(1, TimeSpan.FromSeconds(21), Visibility, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveAsync(1, TimeSpan.FromSeconds(-1), Visibility, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveAsync(1, TimeSpan.Zero, TimeSpan.FromHours(13), Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ChangeVisibilityAsync("h", TimeSpan.FromSeconds(-1), Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ListDeadLettersAsync(0, Ct));
    }

    [Fact]
    public async Task Open_SchemaFromNewerBuild_RefusesWithClearMessage()
    {
        var path = Path.Combine(Directory.Path, "queue.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            await command.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CreateSut().GetCountsAsync(Ct));

        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Sends one message and receives it twice (the visibility expiring in between): the first handle is stale.</summary>
    private async Task<(QueueMessage First, QueueMessage Second)> ReceiveTwiceAsync(SqliteMessageQueue queue)
    {
        await queue.SendAsync("stale", Ct);
        var first = Assert.Single(await queue.ReceiveAsync(1, TimeSpan.Zero, Visibility, Ct));
        Time.Advance(Visibility);
        var second = Assert.Single(await queue.ReceiveAsync(1, TimeSpan.Zero, Visibility, Ct));
        return (first, second);
    }
}
