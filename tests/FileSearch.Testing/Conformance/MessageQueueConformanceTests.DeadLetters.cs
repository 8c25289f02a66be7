using FileSearch.Core.Ports;

namespace FileSearch.Testing.Conformance;

/// <summary>Receive counts, dead-lettering, redrive and counts.</summary>
public abstract partial class MessageQueueConformanceTests
{
    [Fact]
    public async Task ReceiveAsync_RepeatedWithoutDelete_ReceiveCountGrows()
    {
        var queue = await CreateQueueAsync(maxReceiveCount: 5);
        await queue.SendAsync("again and again", Ct);

        var counts = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            counts.Add(Assert.Single(await ReceiveAsync(queue, 1)).ReceiveCount);
            await AdvanceTimeAsync(Visibility + TimeSpan.FromSeconds(1));
        }

        Assert.Equal([1, 2, 3], counts);
    }

    [Fact]
    public async Task ReceiveAsync_AfterMaxReceives_MovesToDeadLetterWithReason()
    {
        var queue = await CreateQueueAsync(maxReceiveCount: 2);
        var id = await queue.SendAsync("poison", Ct);
        for (var i = 0; i < 2; i++)
        {
            Assert.Single(await ReceiveAsync(queue, 1));
            await AdvanceTimeAsync(Visibility + TimeSpan.FromSeconds(1));
        }

        var third = await queue.ReceiveAsync(10, TimeSpan.Zero, Visibility, Ct);

        Assert.Empty(third);
        var letter = Assert.Single(await ListDeadLettersAsync(queue, 1));
        Assert.Equal(id, letter.MessageId);
        Assert.Equal("poison", letter.Body);
        Assert.Equal(2, letter.ReceiveCount);
        Assert.Contains("maximum receives", letter.Reason, StringComparison.OrdinalIgnoreCase);
        var counts = await queue.GetCountsAsync(Ct);
        Assert.Equal((0, 0, 1), (counts.Visible, counts.InFlight, counts.DeadLettered));
    }

    [Fact]
    public async Task DeadLetterAsync_WithReason_ListedAndRemovedFromQueue()
    {
        var queue = await CreateQueueAsync();
        await queue.SendAsync("broken.pdf", Ct);
        var message = Assert.Single(await ReceiveAsync(queue, 1));

        await queue.DeadLetterAsync(message, "corrupt-pdf: PDF is damaged beyond repair", Ct);
        await AdvanceTimeAsync(Visibility + TimeSpan.FromSeconds(1));

        Assert.Empty(await queue.ReceiveAsync(10, TimeSpan.Zero, Visibility, Ct));
        var letter = Assert.Single(await ListDeadLettersAsync(queue, 1));
        Assert.Equal(message.MessageId, letter.MessageId);
        Assert.Equal("broken.pdf", letter.Body);
        Assert.Equal("corrupt-pdf: PDF is damaged beyond repair", letter.Reason);
        Assert.Equal(1, letter.ReceiveCount);
    }

    [Fact]
    public async Task RedriveAsync_ById_MessageBackWithReceiveCountReset()
    {
        var queue = await CreateQueueAsync();
        await queue.SendBatchAsync(["a", "b"], Ct);
        foreach (var message in await ReceiveAsync(queue, 2))
        {
            await queue.DeadLetterAsync(message, "test", Ct);
        }

        var letters = await ListDeadLettersAsync(queue, 2);
        var moved = await queue.RedriveAsync(letters[0].MessageId, Ct);
        var back = Assert.Single(await ReceiveAsync(queue, 1));

        Assert.Equal(1, moved);
        Assert.Equal(letters[0].MessageId, back.MessageId);
        Assert.Equal(letters[0].Body, back.Body);
        Assert.Equal(1, back.ReceiveCount);
        Assert.Equal(1, (await queue.GetCountsAsync(Ct)).DeadLettered);
    }

    [Fact]
    public async Task RedriveAsync_All_MovesEveryDeadLetter()
    {
        var queue = await CreateQueueAsync();
        await queue.SendBatchAsync(["x", "y", "z"], Ct);
        foreach (var message in await ReceiveAsync(queue, 3))
        {
            await queue.DeadLetterAsync(message, "test", Ct);
        }

        var moved = await queue.RedriveAsync(null, Ct);
        var back = await ReceiveAsync(queue, 3);

        Assert.Equal(3, moved);
        Assert.Equal(["x", "y", "z"], back.Select(m => m.Body).Order(StringComparer.Ordinal));
        Assert.Equal(0, (await queue.GetCountsAsync(Ct)).DeadLettered);
    }

    [Fact]
    public async Task RedriveAsync_UnknownId_ReturnsZero()
    {
        var queue = await CreateQueueAsync();

        Assert.Equal(0, await queue.RedriveAsync("no-such-message", Ct));
    }

    [Fact]
    public async Task GetCountsAsync_VisibleInFlightAndDeadLettered_Counted()
    {
        var queue = await CreateQueueAsync();
        await queue.SendBatchAsync(["1", "2", "3", "4"], Ct);
        var received = await ReceiveAsync(queue, 2, maxMessages: 2);
        await queue.DeadLetterAsync(received[0], "test", Ct);

        var counts = await queue.GetCountsAsync(Ct);

        Assert.Equal((2, 1, 1), (counts.Visible, counts.InFlight, counts.DeadLettered));
        Assert.Equal(ReportsOldestVisible, counts.OldestVisibleSentAt is not null);
    }

    /// <summary>Receives until <paramref name="expected"/> messages arrived or a bounded number of tries ran out.</summary>
    protected async Task<List<QueueMessage>> ReceiveAsync(IMessageQueue queue, int expected, int maxMessages = 10)
    {
        var all = new List<QueueMessage>();
        for (var attempt = 0; attempt < 10 && all.Count < expected; attempt++)
        {
            all.AddRange(await queue.ReceiveAsync(Math.Min(maxMessages, expected - all.Count), ReceiveWait, Visibility, Ct));
        }

        return all;
    }

    private async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(IMessageQueue queue, int expected)
    {
        IReadOnlyList<DeadLetter> letters = [];
        for (var attempt = 0; attempt < 10 && letters.Count < expected; attempt++)
        {
            letters = await queue.ListDeadLettersAsync(100, Ct);
            if (letters.Count < expected)
            {
                await AdvanceTimeAsync(TimeSpan.FromMilliseconds(500));
            }
        }

        return letters;
    }
}
