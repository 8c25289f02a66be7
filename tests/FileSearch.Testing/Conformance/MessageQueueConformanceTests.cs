using FileSearch.Core.Ports;

namespace FileSearch.Testing.Conformance;

/// <summary>
/// The <see cref="IMessageQueue"/> contract (SQS semantics), run against every adapter. A derived class
/// creates queues and moves time: with a fake clock (embedded) or by really waiting (an SQS stand-in).
/// Visibility timeouts are whole seconds, as SQS counts them.
/// </summary>
public abstract partial class MessageQueueConformanceTests : IAsyncLifetime
{
    protected static readonly TimeSpan Visibility = TimeSpan.FromSeconds(2);

    protected static CancellationToken Ct => CancellationToken.None;

    /// <summary>How long receives that expect messages wait: zero with a fake clock (time never moves by itself).</summary>
    protected virtual TimeSpan ReceiveWait => TimeSpan.FromSeconds(1);

    /// <summary>True when <see cref="QueueCounts.OldestVisibleSentAt"/> is reported (SQS has no such attribute).</summary>
    protected virtual bool ReportsOldestVisible => true;

    /// <summary>Creates an empty queue that dead-letters a message after <paramref name="maxReceiveCount"/> receives.</summary>
    protected abstract Task<IMessageQueue> CreateQueueAsync(int maxReceiveCount = 5);

    /// <summary>Lets <paramref name="duration"/> pass for the queue.</summary>
    protected virtual Task AdvanceTimeAsync(TimeSpan duration) => Task.Delay(duration);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Receive_EmptyQueue_ReturnsNothing()
    {
        var queue = await CreateQueueAsync();

        var received = await queue.ReceiveAsync(10, TimeSpan.Zero, Visibility, Ct);

        Assert.Empty(received);
    }

    [Fact]
    public async Task SendAsync_ThenReceive_ReturnsBodyWithReceiveCountOne()
    {
        var queue = await CreateQueueAsync();
        const string body = """{"bucket":"docs","key":"契約書/2025 年度.pdf","note":"quote \" and \\ and 改行\n"}""";

        var id = await queue.SendAsync(body, Ct);
        var received = await ReceiveAsync(queue, 1);

        var message = Assert.Single(received);
        Assert.Equal(id, message.MessageId);
        Assert.Equal(body, message.Body);
        Assert.Equal(1, message.ReceiveCount);
        Assert.False(string.IsNullOrEmpty(message.ReceiptHandle));
    }

    [Fact]
    public async Task DeleteAsync_AfterReceive_MessageNeverReturns()
    {
        var queue = await CreateQueueAsync();
        await queue.SendAsync("to delete", Ct);
        var message = Assert.Single(await ReceiveAsync(queue, 1));

        await queue.DeleteAsync(message.ReceiptHandle, Ct);
        await AdvanceTimeAsync(Visibility + TimeSpan.FromSeconds(1));

        Assert.Empty(await queue.ReceiveAsync(10, TimeSpan.Zero, Visibility, Ct));
        var counts = await queue.GetCountsAsync(Ct);
        Assert.Equal(0, counts.Visible + counts.InFlight);
    }

    [Fact]
    public async Task SendBatchAsync_ThreeBodies_AllReceivedWithDistinctIds()
    {
        var queue = await CreateQueueAsync();

        var ids = await queue.SendBatchAsync(["one", "two", "三"], Ct);
        var received = await ReceiveAsync(queue, 3);

        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(ids.Order(), received.Select(m => m.MessageId).Order());
        Assert.Equal(["one", "two", "三"], received.Select(m => m.Body).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReceiveAsync_MaxMessages_ReturnsNoMore()
    {
        var queue = await CreateQueueAsync();
        await queue.SendBatchAsync(Enumerable.Range(0, 5).Select(i => $"m{i}").ToList(), Ct);

        var received = await queue.ReceiveAsync(2, ReceiveWait, Visibility, Ct);

        Assert.InRange(received.Count, 1, 2);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public async Task ReceiveAsync_MaxMessagesOutOfRange_Throws(int maxMessages)
    {
        var queue = await CreateQueueAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => queue.ReceiveAsync(maxMessages, TimeSpan.Zero, Visibility, Ct));
    }

    [Fact]
    public async Task ReceiveAsync_InFlight_HiddenUntilVisibilityExpires()
    {
        var queue = await CreateQueueAsync();
        var id = await queue.SendAsync("hidden", Ct);
        var first = Assert.Single(await ReceiveAsync(queue, 1));

        var whileHidden = await queue.ReceiveAsync(10, TimeSpan.Zero, Visibility, Ct);
        await AdvanceTimeAsync(Visibility + TimeSpan.FromSeconds(1));
        var again = Assert.Single(await ReceiveAsync(queue, 1));

        Assert.Empty(whileHidden);
        Assert.Equal(id, again.MessageId);
        Assert.Equal(2, again.ReceiveCount);
        Assert.NotEqual(first.ReceiptHandle, again.ReceiptHandle);
    }

    [Fact]
    public async Task ChangeVisibilityAsync_Zero_ReleasesNow()
    {
        var queue = await CreateQueueAsync();
        await queue.SendAsync("release me", Ct);
        var first = Assert.Single(await queue.ReceiveAsync(1, ReceiveWait, TimeSpan.FromSeconds(60), Ct));

        await queue.ChangeVisibilityAsync(first.ReceiptHandle, TimeSpan.Zero, Ct);
        var again = Assert.Single(await ReceiveAsync(queue, 1));

        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Equal(2, again.ReceiveCount);
    }

    [Fact]
    public async Task ChangeVisibilityAsync_Extend_StaysHiddenPastOriginalTimeout()
    {
        var queue = await CreateQueueAsync();
        await queue.SendAsync("extend me", Ct);
        var first = Assert.Single(await ReceiveAsync(queue, 1));

        await queue.ChangeVisibilityAsync(first.ReceiptHandle, TimeSpan.FromSeconds(60), Ct);
        await AdvanceTimeAsync(Visibility + TimeSpan.FromSeconds(1));

        Assert.Empty(await queue.ReceiveAsync(10, TimeSpan.Zero, Visibility, Ct));
        Assert.Equal(1, (await queue.GetCountsAsync(Ct)).InFlight);
    }

    [Fact]
    public async Task DeleteAsync_StaleReceiptHandle_DoesNotThrowAndFreshHandleDeletes()
    {
        var queue = await CreateQueueAsync();
        await queue.SendAsync("stale", Ct);
        var first = Assert.Single(await ReceiveAsync(queue, 1));
        await AdvanceTimeAsync(Visibility + TimeSpan.FromSeconds(1));
        var second = Assert.Single(await ReceiveAsync(queue, 1));

        await queue.DeleteAsync(first.ReceiptHandle, Ct);
        await queue.DeleteAsync(second.ReceiptHandle, Ct);
        await AdvanceTimeAsync(Visibility + TimeSpan.FromSeconds(1));

        Assert.Empty(await queue.ReceiveAsync(10, TimeSpan.Zero, Visibility, Ct));
    }
}
