using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Pipeline.Reindexing;
using FileSearch.Core.Ports;

namespace FileSearch.Core.Tests.Pipeline.Reindexing;

/// <summary><c>reindex --all</c> on a versioned backend: fill a new version, swap, catch up with writes made meanwhile.</summary>
[Trait("Category", "Unit")]
public sealed class SideBySideRebuildTests : IDisposable
{
    private readonly PipelineHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static DocumentId Id(string key) => DocumentId.From(PipelineHarness.Bucket, key);

    private async Task IngestAsync(string key)
    {
        _h.Objects.Put(PipelineHarness.Bucket, key, Encoding.UTF8.GetBytes("text of " + key));
        Assert.NotEqual(ProcessingOutcome.Failed, (await _h.CreateProcessor().ProcessAsync(_h.Created(key), CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task RebuildAllAsync_Versioned_FillsNewVersionSwapsAndDropsOrphans()
    {
        await IngestAsync("a.txt");
        await IngestAsync("b.txt");
        await _h.CreateProcessor().ProcessAsync(_h.Deleted("b.txt", _h.Time.GetUtcNow().AddSeconds(1)), CancellationToken.None);
        await _h.Index.IndexAsync(new IndexDocument { Id = Id("orphan.txt"), Bucket = "b", Key = "orphan.txt", Name = "orphan.txt", Path = "orphan.txt" }, CancellationToken.None);
        await _h.Index.CommitAsync(CancellationToken.None);
        var versions = new FakeVersioning(_h.Index);

        var report = await _h.CreateRebuilder(new ReindexOptions { BatchSize = 1 }, versioning: versions).RebuildAllAsync(deletePrevious: true, CancellationToken.None);

        Assert.Equal("fs-v2", report.SwappedTo);
        Assert.Equal(["fs-v1"], report.Replaced);
        Assert.True(report.ReplacedDeleted);
        Assert.Equal(1, report.Indexed);
        Assert.Equal([Id("a.txt")], _h.Index.Committed.Select(d => d.Id));
        Assert.True(versions.Build!.Commits >= 2, "batches are sent as they fill");
    }

    [Fact]
    public async Task RebuildAllAsync_WriteDuringRebuild_CaughtUpAfterSwap()
    {
        await IngestAsync("a.txt");
        var versions = new FakeVersioning(_h.Index) { DuringBuild = () => IngestAsync("late.txt") };

        var report = await _h.CreateRebuilder(new ReindexOptions(), versioning: versions).RebuildAllAsync(CancellationToken.None);

        Assert.False(report.ReplacedDeleted);
        Assert.Equal(["a.txt", "late.txt"], _h.Index.Committed.Select(d => d.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RebuildAllAsync_PendingDocuments_MarkedIndexedAfterSwap()
    {
        _h.Index.Unavailable = true;
        await IngestAsync("a.txt");
        _h.Index.Unavailable = false;
        var versions = new FakeVersioning(_h.Index);

        await _h.CreateRebuilder(new ReindexOptions(), versioning: versions).RebuildAllAsync(CancellationToken.None);

        Assert.Equal(DocumentStatus.Indexed, (await _h.Metadata.GetAsync(Id("a.txt"), CancellationToken.None))!.Status);
        Assert.Single(_h.Index.Committed);
    }

    [Fact]
    public async Task RebuildAllAsync_FailureBeforeSwap_AbandonsNewVersionAndKeepsLiveIndex()
    {
        await IngestAsync("a.txt");
        var versions = new FakeVersioning(_h.Index) { DuringBuild = () => throw ProcessingException.Retryable("index-unavailable", "cluster went away") };

        await Assert.ThrowsAsync<ProcessingException>(() => _h.CreateRebuilder(new ReindexOptions(), versioning: versions).RebuildAllAsync(CancellationToken.None));

        Assert.True(versions.Build!.Disposed);
        Assert.False(versions.Build.Swapped);
        Assert.Equal([Id("a.txt")], _h.Index.Committed.Select(d => d.Id));
    }

    /// <summary>An alias over an in-memory index: the swap replaces the live documents with the built ones.</summary>
    private sealed class FakeVersioning(ISearchIndex live) : ISearchIndexVersioning
    {
        public Func<Task>? DuringBuild { get; init; }

        public FakeBuild? Build { get; private set; }

        public Task<ISearchIndexRebuild> BeginRebuildAsync(CancellationToken cancellationToken) =>
            Task.FromResult<ISearchIndexRebuild>(Build = new FakeBuild(live, DuringBuild));
    }

    private sealed class FakeBuild(ISearchIndex live, Func<Task>? duringBuild) : ISearchIndexRebuild
    {
        private readonly List<IndexDocument> _documents = [];

        public string Name => "fs-v2";

        public int Commits { get; private set; }

        public bool Swapped { get; private set; }

        public bool Disposed { get; private set; }

        public async Task IndexAsync(IndexDocument document, CancellationToken cancellationToken)
        {
            _documents.Add(document);
            if (duringBuild is { } action && _documents.Count == 1)
            {
                await action();
            }
        }

        public Task CommitAsync(CancellationToken cancellationToken)
        {
            Commits++;
            return Task.CompletedTask;
        }

        public async Task<IReadOnlyList<string>> SwapAsync(bool deletePrevious, CancellationToken cancellationToken)
        {
            var old = (await live.SearchAsync(new SearchQuery(string.Empty, Limit: 1000), cancellationToken)).Hits.Select(h => h.Id).ToList();
            foreach (var id in old)
            {
                await live.DeleteAsync(id, cancellationToken);
            }

            foreach (var document in _documents)
            {
                await live.IndexAsync(document, cancellationToken);
            }

            await live.CommitAsync(cancellationToken);
            Swapped = true;
            return ["fs-v1"];
        }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
