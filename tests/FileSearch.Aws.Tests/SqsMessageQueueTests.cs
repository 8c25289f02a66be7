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

    [Theory]
    [InlineData(-5, 0)]
    [InlineData(0.2, 1)]
    [InlineData(30, 30)]
    [InlineData(13 * 3600, 12 * 3600)]
    public void VisibilitySeconds_AnyDuration_WholeSecondsWithinSqsCap(double seconds, int expected) =>
        Assert.Equal(expected, SqsMessageQueue.VisibilitySeconds(TimeSpan.FromSeconds(seconds)));

    private async Task<(SqsMessageQueue Queue, AwsOptions Options)> CreateSutAsync(int maxReceiveCount = 5)
    {
        var options = standIns.With(queue: AwsStandIns.UniqueName("q"));
        await standIns.Setup.CreateQueuesAsync(options.QueueName, options.DeadLetterQueueName, maxReceiveCount, TimeSpan.FromSeconds(30), Ct);
        return (new SqsMessageQueue(standIns.Sqs, Options.Create(options), TimeProvider.System, NullLogger<SqsMessageQueue>.Instance), options);
    }
}
