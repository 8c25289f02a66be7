using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Pipeline.Reindexing;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Tests.Pipeline.Reindexing;

/// <summary>Index outage: documents wait as PENDING_INDEX with their text, messages complete, the drainer catches up.</summary>
[Trait("Category", "Unit")]
public sealed class IndexOutageTests : IDisposable
{
    private readonly PipelineHarness _h = new();

    public void Dispose() => _h.Dispose();

    private IndexRebuilder CreateRebuilder(int batchSize = 2) => _h.CreateRebuilder(new ReindexOptions { BatchSize = batchSize });

    private PendingIndexDrainer CreateDrainer() => new(
        _h.Metadata, CreateRebuilder(), new DefaultErrorClassifier(), Options.Create(new ReindexOptions { DrainInterval = TimeSpan.FromSeconds(30) }),
        _h.Time, NullLogger<PendingIndexDrainer>.Instance);

    [Fact]
    public async Task ProcessAsync_IndexDown_StoresPendingIndexWithTextAndCompletes()
    {
        _h.PutText("a.txt", "営業報告書の本文");
        _h.Index.Unavailable = true;

        var result = await _h.CreateProcessor().ProcessAsync(_h.Created("a.txt"), CancellationToken.None);

        Assert.Equal(ProcessingOutcome.PendingIndex, result.Outcome);
        Assert.Null(result.Failure);
        Assert.Contains("PENDING_INDEX", result.Stages.Single(s => s.Stage == "index").Detail, StringComparison.Ordinal);
        var record = await _h.Metadata.GetAsync(DocumentId.From(PipelineHarness.Bucket, "a.txt"), CancellationToken.None);
        Assert.Equal(DocumentStatus.PendingIndex, record!.Status);
        Assert.Equal("営業報告書の本文", record.Text);
    }

    [Fact]
    public async Task ProcessAsync_IndexDownWithFallbackOff_FailsRetryable()
    {
        _h.PutText("a.txt", "text");
        _h.PipelineOptions.Value.IndexOutageFallback = false;
        _h.Index.Unavailable = true;

        var result = await _h.CreateProcessor().ProcessAsync(_h.Created("a.txt"), CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Failed, result.Outcome);
        Assert.Equal(FailureKind.Retryable, result.Failure!.Kind);
    }

    [Fact]
    public async Task Worker_OutageThenRecovery_MessagesCompleteAndDrainerIndexesEverything()
    {
        for (var i = 0; i < 5; i++)
        {
            _h.PutText($"doc{i}.txt", $"本文 number{i}");
            await _h.Queue.SendAsync(PipelineHarness.SeedBody($"doc{i}.txt"), CancellationToken.None);
        }

        _h.Index.Unavailable = true;
        var handler = _h.CreateHandler();
        foreach (var message in await _h.Queue.ReceiveAsync(10, TimeSpan.Zero, TimeSpan.FromSeconds(30), CancellationToken.None))
        {
            Assert.Equal(MessageOutcome.Completed, await handler.HandleAsync(message, CancellationToken.None));
        }

        var queue = await _h.Queue.GetCountsAsync(CancellationToken.None);
        Assert.Equal(0, queue.Visible + queue.InFlight + queue.DeadLettered);
        Assert.Equal(5, (await _h.Metadata.CountByStatusAsync(CancellationToken.None))[DocumentStatus.PendingIndex]);
        var drainer = CreateDrainer();
        Assert.Equal(0, await drainer.DrainOnceAsync(CancellationToken.None));

        _h.Index.Unavailable = false;
        Assert.Equal(5, await drainer.DrainOnceAsync(CancellationToken.None));

        Assert.Equal(5, _h.Index.Committed.Count);
        Assert.Contains(_h.Index.Committed, d => d.Text == "本文 number3" && d.Name == "doc3.txt");
        var counts = await _h.Metadata.CountByStatusAsync(CancellationToken.None);
        Assert.Equal(5, counts[DocumentStatus.Indexed]);
        Assert.False(counts.ContainsKey(DocumentStatus.PendingIndex));
        Assert.Equal(0, await drainer.DrainOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Drainer_RunningAsHostedService_DrainsAtTheNextInterval()
    {
        _h.PutText("a.txt", "text");
        _h.Index.Unavailable = true;
        await _h.CreateProcessor().ProcessAsync(_h.Created("a.txt"), CancellationToken.None);
        using var drainer = CreateDrainer();
        await drainer.StartAsync(CancellationToken.None);
        _h.Index.Unavailable = false;

        for (var i = 0; i < 200 && _h.Index.Committed.Count == 0; i++)
        {
            _h.Time.Advance(TimeSpan.FromSeconds(30));
            await Task.Delay(10);
        }

        await drainer.StopAsync(CancellationToken.None);
        Assert.Single(_h.Index.Committed);
    }

    [Fact]
    public async Task RebuildAllAsync_LostIndex_RestoresIndexedAndRemovesDeletedWithoutExtracting()
    {
        _h.PutText("keep.txt", "kept text");
        _h.PutText("gone.txt", "gone text");
        var processor = _h.CreateProcessor();
        await processor.ProcessAsync(_h.Created("keep.txt"), CancellationToken.None);
        await processor.ProcessAsync(_h.Created("gone.txt"), CancellationToken.None);
        await processor.ProcessAsync(_h.Deleted("gone.txt", _h.Time.GetUtcNow().AddSeconds(1)), CancellationToken.None);
        await _h.Index.IndexAsync(new IndexDocument { Id = DocumentId.From(PipelineHarness.Bucket, "gone.txt"), Bucket = "b", Key = "gone.txt", Name = "gone.txt", Path = "gone.txt" }, CancellationToken.None);
        await _h.Index.DeleteAsync(DocumentId.From(PipelineHarness.Bucket, "keep.txt"), CancellationToken.None);
        await _h.Index.CommitAsync(CancellationToken.None);
        var extractions = _h.Extractor.Calls;

        var report = await CreateRebuilder().RebuildAllAsync(CancellationToken.None);

        Assert.Equal(new ReindexReport(1, 1, 0), report);
        Assert.Equal("kept text", Assert.Single(_h.Index.Committed).Text);
        Assert.Equal(extractions, _h.Extractor.Calls);
    }

    [Fact]
    public async Task DrainPendingAsync_NewerVersionStoredMeanwhile_CountsSkipped()
    {
        var stale = new DocumentRecord
        {
            Id = DocumentId.From(PipelineHarness.Bucket, "a.txt"),
            Bucket = PipelineHarness.Bucket,
            Key = "a.txt",
            Name = "a.txt",
            Status = DocumentStatus.PendingIndex,
            EventTime = _h.Time.GetUtcNow(),
            Text = "old",
        };
        await _h.Metadata.PutAsync(stale, CancellationToken.None);
        var metadata = new SupersedingStore(_h.Metadata, stale with { EventTime = stale.EventTime!.Value.AddMinutes(1), Status = DocumentStatus.Indexed });
        var rebuilder = _h.CreateRebuilder(new ReindexOptions(), metadata);

        var report = await rebuilder.DrainPendingAsync(CancellationToken.None);

        Assert.Equal(new ReindexReport(0, 0, 1), report);
    }

    /// <summary>Stores a newer version right after listing, as a concurrent worker would.</summary>
    private sealed class SupersedingStore(IMetadataStore inner, DocumentRecord newer) : IMetadataStore
    {
        public Task<DocumentRecord?> GetAsync(DocumentId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public Task<WriteOutcome> PutAsync(DocumentRecord record, CancellationToken cancellationToken) => inner.PutAsync(record, cancellationToken);

        public Task RemoveAsync(DocumentId id, CancellationToken cancellationToken) => inner.RemoveAsync(id, cancellationToken);

        public IAsyncEnumerable<DocumentRecord> ListByBucketAsync(string bucket, CancellationToken cancellationToken) => inner.ListByBucketAsync(bucket, cancellationToken);

        public Task<DocumentRecord?> FindByPathAsync(string pathOrKey, CancellationToken cancellationToken) => inner.FindByPathAsync(pathOrKey, cancellationToken);

        public Task<IReadOnlyDictionary<DocumentStatus, long>> CountByStatusAsync(CancellationToken cancellationToken) => inner.CountByStatusAsync(cancellationToken);

        public async IAsyncEnumerable<DocumentRecord> ListByStatusAsync(DocumentStatus status, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var listed = new List<DocumentRecord>();
            await foreach (var record in inner.ListByStatusAsync(status, cancellationToken))
            {
                listed.Add(record);
            }

            await inner.PutAsync(newer, cancellationToken);
            foreach (var record in listed)
            {
                yield return record;
            }
        }
    }
}
