using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Pipeline.Reindexing;
using FileSearch.Core.Ports;

namespace FileSearch.Core.Tests.Pipeline.Reindexing;

/// <summary>Reindexing recomputes image vectors from the originals: the metadata store keeps text only.</summary>
[Trait("Category", "Unit")]
public sealed class VectorRestoreTests : IDisposable
{
    private readonly PipelineHarness _h = new();
    private readonly ByteEmbedder _embedder = new();

    public VectorRestoreTests() => _h.Embedder = _embedder;

    public void Dispose() => _h.Dispose();

    private static DocumentId Id(string key) => DocumentId.From(PipelineHarness.Bucket, key);

    private async Task IngestAsync(params string[] keys)
    {
        var processor = _h.CreateProcessor();
        foreach (var key in keys)
        {
            _h.Objects.Put(PipelineHarness.Bucket, key, Encoding.ASCII.GetBytes(key));
            Assert.NotEqual(ProcessingOutcome.Failed, (await processor.ProcessAsync(_h.Created(key), CancellationToken.None)).Outcome);
        }
    }

    private float[]? CommittedVector(string key) =>
        _h.Index.Committed.Single(d => d.Id == Id(key)).Vector is { IsEmpty: false } v ? v.ToArray() : null;

    [Fact]
    public async Task RebuildAllAsync_LostIndex_RestoresImageVectorsFromOriginals()
    {
        await IngestAsync("cat.png", "notes.txt");
        var original = CommittedVector("cat.png");
        await _h.Index.DeleteAsync(Id("cat.png"), CancellationToken.None);
        await _h.Index.DeleteAsync(Id("notes.txt"), CancellationToken.None);
        await _h.Index.CommitAsync(CancellationToken.None);

        var report = await _h.CreateRebuilder(new ReindexOptions()).RebuildAllAsync(CancellationToken.None);

        Assert.Equal(2, report.Indexed);
        Assert.Equal(1, report.Vectors);
        Assert.NotNull(original);
        Assert.Equal(original, CommittedVector("cat.png"));
        Assert.Null(CommittedVector("notes.txt"));
        Assert.Equal(0, _h.TempFolderCount());
    }

    [Fact]
    public async Task RebuildAllAsync_RecordWithoutModel_RecordsTheModelOfTheRestoredVector()
    {
        await IngestAsync("cat.png", "notes.txt");
        var before = (await _h.Metadata.GetAsync(Id("cat.png"), CancellationToken.None))!;
        await _h.Metadata.PutAsync(before with { VectorModel = null }, CancellationToken.None);

        await _h.CreateRebuilder(new ReindexOptions()).RebuildAllAsync(CancellationToken.None);

        var after = (await _h.Metadata.GetAsync(Id("cat.png"), CancellationToken.None))!;
        Assert.Equal("bytes-v1/3", before.VectorModel);
        Assert.Equal(("bytes-v1/3", before.UpdatedAt), (after.VectorModel, after.UpdatedAt));
        Assert.Null((await _h.Metadata.GetAsync(Id("notes.txt"), CancellationToken.None))!.VectorModel);
        Assert.Equal("bytes-v1/3", _h.Index.Committed.Single(d => d.Id == Id("cat.png")).VectorModel);
    }

    [Fact]
    public async Task RebuildAllAsync_RestoreVectorsOff_IndexesTextOnlyWithoutEmbedding()
    {
        await IngestAsync("cat.png");
        var calls = _embedder.Calls;

        var report = await _h.CreateRebuilder(new ReindexOptions { RestoreVectors = false }).RebuildAllAsync(CancellationToken.None);

        Assert.Equal((1L, 0L), (report.Indexed, report.Vectors));
        Assert.Null(CommittedVector("cat.png"));
        Assert.Equal(calls, _embedder.Calls);
    }

    [Fact]
    public async Task RebuildAllAsync_OriginalGoneOrRejected_IndexesWithoutVectorAndReplacesOldOne()
    {
        await IngestAsync("gone.png", "bad.png");
        await _h.Objects.DeleteAsync(PipelineHarness.Bucket, "gone.png", CancellationToken.None);
        _embedder.Failure = ProcessingException.Permanent("image-rejected", "model rejects this image");

        var report = await _h.CreateRebuilder(new ReindexOptions()).RebuildAllAsync(CancellationToken.None);

        Assert.Equal((2L, 0L), (report.Indexed, report.Vectors));
        Assert.Null(CommittedVector("gone.png"));
        Assert.Null(CommittedVector("bad.png"));
    }

    [Fact]
    public async Task DrainPendingAsync_EmbedderDown_ThrowsAndKeepsPendingIndex()
    {
        _h.Index.Unavailable = true;
        await IngestAsync("cat.png");
        _h.Index.Unavailable = false;
        _embedder.Failure = ProcessingException.Retryable("embedder-throttled", "slow down");

        await Assert.ThrowsAsync<ProcessingException>(() => _h.CreateRebuilder(new ReindexOptions()).DrainPendingAsync(CancellationToken.None));

        Assert.Equal(DocumentStatus.PendingIndex, (await _h.Metadata.GetAsync(Id("cat.png"), CancellationToken.None))!.Status);
        Assert.Equal(0, _h.TempFolderCount());
    }

    [Fact]
    public async Task DrainPendingAsync_AfterOutage_PendingImageGetsItsVector()
    {
        _h.Index.Unavailable = true;
        await IngestAsync("cat.png");
        _h.Index.Unavailable = false;

        var report = await _h.CreateRebuilder(new ReindexOptions()).DrainPendingAsync(CancellationToken.None);

        Assert.Equal((1L, 1L), (report.Indexed, report.Vectors));
        Assert.Equal(ByteEmbedder.VectorOf("cat.png"), CommittedVector("cat.png"));
    }

    [Fact]
    public async Task RebuildAllAsync_DocumentDeletedAfterIngest_RemovedWithItsVector()
    {
        await IngestAsync("cat.png", "dog.png");
        await _h.CreateProcessor().ProcessAsync(_h.Deleted("dog.png", _h.Time.GetUtcNow().AddSeconds(1)), CancellationToken.None);

        var report = await _h.CreateRebuilder(new ReindexOptions()).RebuildAllAsync(CancellationToken.None);

        Assert.Equal((1L, 1L, 1L), (report.Indexed, report.Removed, report.Vectors));
        Assert.Equal([Id("cat.png")], _h.Index.Committed.Select(d => d.Id));
    }

    /// <summary>A deterministic "embedder" of PNG files: the vector is derived from the file's bytes.</summary>
    internal sealed class ByteEmbedder : IImageEmbedder
    {
        public Exception? Failure { get; set; }

        public int Calls { get; private set; }

        public int Dimension => 3;

        public string ModelId => "bytes-v1/3";

        public static float[] VectorOf(string content) => [content.Length, content[0], 1];

        public bool CanEmbed(FileKind kind) => kind == FileKind.Png;

        public async Task<float[]?> EmbedAsync(string imagePath, FileKind kind, CancellationToken cancellationToken)
        {
            Calls++;
            if (Failure is { } failure)
            {
                throw failure;
            }

            return VectorOf(await File.ReadAllTextAsync(imagePath, cancellationToken));
        }
    }
}
