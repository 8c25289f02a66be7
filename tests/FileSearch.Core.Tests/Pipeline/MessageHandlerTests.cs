using FileSearch.Core.Domain;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Worker;

namespace FileSearch.Core.Tests.Pipeline;

[Trait("Category", "Unit")]
public sealed class MessageHandlerTests : IDisposable
{
    private readonly PipelineHarness _h = new(maxReceiveCount: 3);

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task HandleAsync_MalformedMessage_DeadLetteredWithReason()
    {
        await _h.Queue.SendAsync("{this is not json", CancellationToken.None);
        var message = await ReceiveOneAsync();

        var outcome = await _h.CreateHandler().HandleAsync(message, CancellationToken.None);

        Assert.Equal(MessageOutcome.DeadLettered, outcome);
        var dead = Assert.Single(_h.Queue.DeadLetters);
        Assert.StartsWith("invalid-message: Invalid message: message body is not valid JSON", dead.Reason, StringComparison.Ordinal);
        Assert.Equal(0, (await _h.Queue.GetCountsAsync(CancellationToken.None)).Visible);
    }

    [Fact]
    public async Task HandleAsync_S3TestEvent_DeletedAndIgnored()
    {
        await _h.Queue.SendAsync("""{"Service":"Amazon S3","Event":"s3:TestEvent"}""", CancellationToken.None);

        var outcome = await _h.CreateHandler().HandleAsync(await ReceiveOneAsync(), CancellationToken.None);

        Assert.Equal(MessageOutcome.Ignored, outcome);
        var counts = await _h.Queue.GetCountsAsync(CancellationToken.None);
        Assert.Equal(0, counts.Visible + counts.InFlight + counts.DeadLettered);
    }

    [Fact]
    public async Task HandleAsync_ValidUpload_ProcessedAndDeleted()
    {
        _h.PutText("a.txt", "契約書");
        await _h.Queue.SendAsync(PipelineHarness.SeedBody("a.txt"), CancellationToken.None);

        var outcome = await _h.CreateHandler().HandleAsync(await ReceiveOneAsync(), CancellationToken.None);

        Assert.Equal(MessageOutcome.Completed, outcome);
        Assert.Single(_h.Index.Committed);
        var counts = await _h.Queue.GetCountsAsync(CancellationToken.None);
        Assert.Equal(0, counts.Visible + counts.InFlight);
        Assert.Equal(ProcessingOutcome.Indexed, Assert.Single(_h.Observer.Files).Outcome);
    }

    [Fact]
    public async Task HandleAsync_PermanentFileFailure_DeadLetteredImmediately()
    {
        _h.Objects.Put(PipelineHarness.Bucket, "zero.pdf", []);
        await _h.Queue.SendAsync(PipelineHarness.SeedBody("zero.pdf"), CancellationToken.None);

        var outcome = await _h.CreateHandler().HandleAsync(await ReceiveOneAsync(), CancellationToken.None);

        Assert.Equal(MessageOutcome.DeadLettered, outcome);
        var dead = Assert.Single(_h.Queue.DeadLetters);
        Assert.Equal("empty-file: File is empty (0 bytes) [raw-files/zero.pdf]", dead.Reason);
        Assert.Equal(1, dead.ReceiveCount);
    }

    [Fact]
    public async Task HandleAsync_RetryableFailure_BacksOffThenDeadLettersAfterMaxReceives()
    {
        _h.PutText("a.txt", "flaky");
        _h.Extractor.Failures["flaky"] = new TimeoutException("engine busy");
        await _h.Queue.SendAsync(PipelineHarness.SeedBody("a.txt"), CancellationToken.None);
        var handler = _h.CreateHandler();

        var first = await handler.HandleAsync(await ReceiveOneAsync(), CancellationToken.None);
        Assert.Equal(MessageOutcome.Retrying, first);
        Assert.Empty(await _h.Queue.ReceiveAsync(10, TimeSpan.Zero, TimeSpan.FromSeconds(30), CancellationToken.None));
        _h.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(MessageOutcome.Retrying, await handler.HandleAsync(await ReceiveOneAsync(), CancellationToken.None));
        _h.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Empty(await _h.Queue.ReceiveAsync(10, TimeSpan.Zero, TimeSpan.FromSeconds(30), CancellationToken.None));
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        var last = await ReceiveOneAsync();
        Assert.Equal(3, last.ReceiveCount);

        Assert.Equal(MessageOutcome.DeadLettered, await handler.HandleAsync(last, CancellationToken.None));

        var dead = Assert.Single(_h.Queue.DeadLetters);
        Assert.StartsWith("gave up after 3 attempts: timeout: engine busy", dead.Reason, StringComparison.Ordinal);
        var record = Assert.Single(_h.Metadata.Records);
        Assert.Equal(DocumentStatus.Failed, record.Status);
        Assert.Equal("timeout: engine busy", record.FailureReason);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(5, 32)]
    [InlineData(6, 60)]
    [InlineData(100, 60)]
    public void RetryDelay_ReceiveCount_DoublesUpToCap(int receiveCount, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), _h.CreateHandler().RetryDelay(receiveCount));
    }

    [Fact]
    public async Task HandleAsync_DuplicateDelivery_LeavesOneDocument()
    {
        _h.PutText("a.txt", "同じ内容");
        await _h.Queue.SendAsync(PipelineHarness.SeedBody("a.txt"), CancellationToken.None);
        await _h.Queue.SendAsync(PipelineHarness.SeedBody("a.txt"), CancellationToken.None);
        var handler = _h.CreateHandler();

        await handler.HandleAsync(await ReceiveOneAsync(), CancellationToken.None);
        await handler.HandleAsync(await ReceiveOneAsync(), CancellationToken.None);

        Assert.Single(_h.Index.Committed);
        Assert.Equal([ProcessingOutcome.Indexed, ProcessingOutcome.Unchanged], _h.Observer.Files.Select(f => f.Outcome));
    }

    private async Task<FileSearch.Core.Ports.QueueMessage> ReceiveOneAsync() =>
        Assert.Single(await _h.Queue.ReceiveAsync(1, TimeSpan.Zero, TimeSpan.FromSeconds(30), CancellationToken.None));
}
