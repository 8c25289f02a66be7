using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using FileSearch.Core.Ports;
using FileSearch.Testing.StandIns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Aws.Tests;

[Trait("Category", "Integration")]
[Collection(AwsStandInCollection.Name)]
public sealed class SqsMessageQueueTests(AwsStandIns standIns)
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task GetRedrivePolicyAsync_CreatedBySetup_ReportsDeadLetterQueueAndMaxReceives()
    {
        var (queue, options) = await CreateSutAsync(maxReceiveCount: 3);

        var policy = await queue.GetRedrivePolicyAsync(Ct);

        Assert.Equal(3, policy.MaxReceiveCount);
        Assert.EndsWith(options.DeadLetterQueueName, policy.DeadLetterQueueUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteBatchAsync_TwelveMessages_QueueEmpty()
    {
        var (queue, _) = await CreateSutAsync();
        await queue.SendBatchAsync(Enumerable.Range(0, 12).Select(i => $"m{i}").ToList(), Ct);
        var handles = new List<string>();
        for (var i = 0; i < 5 && handles.Count < 12; i++)
        {
            handles.AddRange((await queue.ReceiveAsync(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), Ct)).Select(m => m.ReceiptHandle));
        }

        await queue.DeleteBatchAsync(handles, Ct);

        Assert.Equal(12, handles.Count);
        var counts = await queue.GetCountsAsync(Ct);
        Assert.Equal(0, counts.Visible + counts.InFlight);
    }

    [Fact]
    public async Task DeadLetterAsync_QueueWithoutRedrivePolicy_ThrowsWithFix()
    {
        var name = AwsStandIns.UniqueName("plain");
        await standIns.Sqs.CreateQueueAsync(name, Ct);
        using var queue = new SqsMessageQueue(standIns.Sqs, Options.Create(standIns.With(queue: name)), TimeProvider.System, NullLogger<SqsMessageQueue>.Instance);
        await queue.SendAsync("x", Ct);
        var message = Assert.Single(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), Ct));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => queue.DeadLetterAsync(message, "bad", Ct));

        Assert.Contains("setup aws", error.Message, StringComparison.Ordinal);
        Assert.Empty(await queue.ListDeadLettersAsync(10, Ct));
        Assert.Equal(0, await queue.RedriveAsync(null, Ct));
    }

    [Fact]
    public async Task ListDeadLettersAsync_MoveRepeatedAfterLostReply_ListsOneDeadLetterAndRemovesTheCopy()
    {
        var (queue, options) = await CreateSutAsync();
        await MoveTwiceAsync(queue, options, "壊れた契約書.pdf の取り込みイベント");
        Assert.Equal(2, (await queue.GetCountsAsync(Ct)).DeadLettered);

        var letter = Assert.Single(await queue.ListDeadLettersAsync(10, Ct));

        Assert.Equal(("壊れた契約書.pdf の取り込みイベント", "corrupt-pdf: 1 回目", 1), (letter.Body, letter.Reason, letter.ReceiveCount));
        Assert.Equal(1, (await queue.GetCountsAsync(Ct)).DeadLettered);
        Assert.Single(await queue.ListDeadLettersAsync(10, Ct));
    }

    [Fact]
    public async Task RedriveAsync_MoveRepeatedAfterLostReply_SendsTheMessageBackOnce()
    {
        var (queue, options) = await CreateSutAsync();
        var id = await MoveTwiceAsync(queue, options, "報告書.txt の取り込みイベント");

        var moved = await queue.RedriveAsync(id, Ct);

        Assert.Equal(1, moved);
        var counts = await queue.GetCountsAsync(Ct);
        Assert.Equal((1, 0, 0), (counts.Visible, counts.InFlight, counts.DeadLettered));
        var back = Assert.Single(await queue.ReceiveAsync(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), Ct));
        Assert.Equal((id, "報告書.txt の取り込みイベント"), (back.MessageId, back.Body));
    }

    [Theory]
    [InlineData(-5, 0)]
    [InlineData(0.2, 1)]
    [InlineData(30, 30)]
    [InlineData(13 * 3600, 12 * 3600)]
    public void VisibilitySeconds_AnyDuration_WholeSecondsWithinSqsCap(double seconds, int expected) =>
        Assert.Equal(expected, SqsMessageQueue.VisibilitySeconds(TimeSpan.FromSeconds(seconds)));

    /// <summary>
    /// A move whose send to the dead-letter queue was applied but whose reply was lost (the worker saw an error and the
    /// message stayed in the queue), then the move of the same message received again: two copies of one dead letter.
    /// Returns the message's id.
    /// </summary>
    private async Task<string> MoveTwiceAsync(SqsMessageQueue queue, AwsOptions options, string body)
    {
        await queue.SendAsync(body, Ct);
        using var lossy = new ReplyLosingSqsClient(options);
        using (var losing = new SqsMessageQueue(lossy, Options.Create(options), TimeProvider.System, NullLogger<SqsMessageQueue>.Instance))
        {
            var first = Assert.Single(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), Ct));
            await Assert.ThrowsAsync<AmazonServiceException>(() => losing.DeadLetterAsync(first, "corrupt-pdf: 1 回目", Ct));
            Assert.Equal(1, lossy.LostReplies);
        }

        QueueMessage? again = null;
        for (var i = 0; i < 10 && again is null; i++)
        {
            again = (await queue.ReceiveAsync(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), Ct)).SingleOrDefault();
        }

        Assert.NotNull(again);
        Assert.Equal(2, again.ReceiveCount);
        await queue.DeadLetterAsync(again, "corrupt-pdf: 2 回目", Ct);
        return again.MessageId;
    }

    /// <summary>An SQS client whose sends are applied but whose replies are lost, as a connection reset after the request.</summary>
    private sealed class ReplyLosingSqsClient(AwsOptions options) : AmazonSQSClient(AwsStandIns.Credentials,
        new AmazonSQSConfig { ServiceURL = options.SqsServiceUrl!.ToString(), AuthenticationRegion = options.Region, MaxErrorRetry = 0 })
    {
        private int _lost;

        public int LostReplies => _lost;

        public override async Task<SendMessageResponse> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken = default)
        {
            await base.SendMessageAsync(request, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _lost);
            throw new AmazonServiceException("The connection was reset before the reply arrived", new IOException("Connection reset by peer"));
        }
    }

    private async Task<(SqsMessageQueue Queue, AwsOptions Options)> CreateSutAsync(int maxReceiveCount = 5)
    {
        var options = standIns.With(queue: AwsStandIns.UniqueName("q"));
        await standIns.Setup.CreateQueuesAsync(options.QueueName, options.DeadLetterQueueName, maxReceiveCount, TimeSpan.FromSeconds(30), Ct);
        return (new SqsMessageQueue(standIns.Sqs, Options.Create(options), TimeProvider.System, NullLogger<SqsMessageQueue>.Instance), options);
    }
}
