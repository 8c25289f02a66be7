using System.Net;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Pipeline.Reindexing;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Tests.Pipeline.Reindexing;

/// <summary>Embedder outage: documents are indexed without a vector, marked, and <see cref="VectorBackfiller"/> completes them.</summary>
[Trait("Category", "Unit")]
public sealed class EmbedderOutageTests : IDisposable
{
    private static readonly float[] Vector = [0.6f, 0.8f];
    private readonly PipelineHarness _h = new();
    private readonly FakeEmbedder _embedder = new();

    public EmbedderOutageTests() => _h.Embedder = _embedder;

    public void Dispose() => _h.Dispose();

    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task ProcessAsync_EmbedderUnavailable_IndexedWithoutVectorAndMarked()
    {
        Unavailable();
        _h.PutText("a.txt", "写真の説明");

        var result = await _h.CreateProcessor().ProcessAsync(_h.Created("a.txt"), Ct);

        Assert.Equal(ProcessingOutcome.Indexed, result.Outcome);
        Assert.Contains("vector left for backfill", result.Stages.Single(s => s.Stage == "embed").Detail, StringComparison.Ordinal);
        Assert.True(Assert.Single(_h.Index.Committed).Vector is not { IsEmpty: false });
        var record = await _h.Metadata.GetAsync(Id("a.txt"), Ct);
        Assert.Equal((DocumentStatus.Indexed, true), (record!.Status, record.VectorPending));
    }

    [Fact]
    public async Task ProcessAsync_EmbedderUnavailableFallbackOff_FailsRetryable()
    {
        Unavailable();
        _h.PipelineOptions.Value.EmbedderOutageFallback = false;
        _h.PutText("a.txt", "text");

        var result = await _h.CreateProcessor().ProcessAsync(_h.Created("a.txt"), Ct);

        Assert.Equal((ProcessingOutcome.Failed, FailureKind.Retryable), (result.Outcome, result.Failure!.Kind));
    }

    [Fact]
    public async Task BackfillAsync_EmbedderBack_WritesVectorsClearsMarksAndSecondRunFindsNothing()
    {
        await IngestWhileUnavailableAsync("a.txt", "b.txt", "c.txt");
        _embedder.Next = () => Vector;
        var sut = CreateSut(batchSize: 2);

        var pending = await sut.FindPendingAsync(limit: null, Ct);
        var items = new List<BackfillItem>();
        var report = await sut.BackfillAsync(pending, new Collect(items), Ct);

        Assert.Equal(3, pending.Count);
        Assert.Equal((3L, 0L, 0L), (report.Embedded, report.Failed, report.Superseded));
        Assert.All(_h.Index.Committed, d => Assert.Equal(Vector, d.Vector!.Value.ToArray()));
        Assert.All(items, i => Assert.Equal(BackfillOutcome.Embedded, i.Outcome));
        Assert.Empty(await sut.FindPendingAsync(limit: null, Ct));
        Assert.Equal("写真 a.txt", (await _h.Metadata.GetAsync(Id("a.txt"), Ct))!.Text);
        Assert.Equal(0, _h.TempFolderCount());
    }

    [Fact]
    public async Task BackfillAsync_EmbedderModelChanged_ReembedsOtherModelsImagesAndRecordsTheModel()
    {
        _embedder.Next = () => Vector;
        foreach (var key in new[] { "a.txt", "b.txt" })
        {
            _h.PutText(key, "写真 " + key);
            await _h.CreateProcessor().ProcessAsync(_h.Created(key), Ct);
        }

        var sut = CreateSut();
        var before = await sut.FindPendingAsync(limit: null, Ct);
        _embedder.ModelId = "fake-v2/2";
        _embedder.Next = () => [0.8f, 0.6f];

        var report = await sut.BackfillAsync(await sut.FindPendingAsync(limit: null, Ct), null, Ct);

        Assert.Empty(before);
        Assert.Equal(2, report.Embedded);
        Assert.Equal("fake-v2/2", (await _h.Metadata.GetAsync(Id("a.txt"), Ct))!.VectorModel);
        Assert.Equal("fake-v2/2", (await _h.Metadata.GetAsync(Id("b.txt"), Ct))!.VectorModel);
        Assert.All(_h.Index.Committed, d => Assert.Equal(("fake-v2/2", 0.8f), (d.VectorModel, d.Vector!.Value.Span[0])));
        Assert.Empty(await sut.FindPendingAsync(limit: null, Ct));
    }

    [Fact]
    public async Task BackfillAsync_Limit_OnlyThatManyAndTheRestStayMarked()
    {
        await IngestWhileUnavailableAsync("a.txt", "b.txt", "c.txt");
        _embedder.Next = () => Vector;
        var sut = CreateSut();

        var report = await sut.BackfillAsync(await sut.FindPendingAsync(limit: 2, Ct), null, Ct);

        Assert.Equal(2, report.Embedded);
        Assert.Single(await sut.FindPendingAsync(limit: null, Ct));
    }

    [Fact]
    public async Task BackfillAsync_StillUnavailableOrRejectedOrGone_CountedAndOnlyRejectedUnmarked()
    {
        await IngestWhileUnavailableAsync("down.txt", "bad.txt", "gone.txt");
        var sut = CreateSut();
        var ids = await sut.FindPendingAsync(limit: null, Ct);
        var calls = 0;
        _embedder.Next = () => ++calls == 1
            ? throw new HttpRequestException("still down", null, HttpStatusCode.ServiceUnavailable)
            : throw ProcessingException.Permanent("embedding-rejected", "model rejects it");
        await _h.Objects.DeleteAsync(PipelineHarness.Bucket, "gone.txt", Ct);

        var report = await sut.BackfillAsync(ids, null, Ct);

        Assert.Equal((0L, 1L, 2L), (report.Embedded, report.Rejected, report.Failed));
        Assert.Equal(2, (await sut.FindPendingAsync(limit: null, Ct)).Count);
        Assert.Equal(0, _h.TempFolderCount());
    }

    [Fact]
    public async Task BackfillAsync_NoEmbedderForKindOrNoLongerPending_Skipped()
    {
        await IngestWhileUnavailableAsync("a.txt");
        var sut = CreateSut();
        var ids = await sut.FindPendingAsync(limit: null, Ct);
        _embedder.Embeds = false;

        var noEmbedder = await sut.BackfillAsync(ids, null, Ct);
        var unknown = await sut.BackfillAsync([Id("nowhere.txt")], null, Ct);

        Assert.Equal((1L, 1L), (noEmbedder.Skipped, unknown.Skipped));
        Assert.Single(await sut.FindPendingAsync(limit: null, Ct));
    }

    private VectorBackfiller CreateSut(int batchSize = 100)
    {
        var reindex = Options.Create(new ReindexOptions { BatchSize = batchSize });
        var rebuilder = new IndexRebuilder(_h.Metadata, _h.Index, _h.Objects, _embedder, _h.Workspace, new DefaultErrorClassifier(), reindex,
            _h.PipelineOptions, _h.Time, NullLogger<IndexRebuilder>.Instance);
        return new VectorBackfiller(_h.Metadata, _h.Index, _h.Objects, _embedder, rebuilder, _h.Workspace, new DefaultErrorClassifier(),
            reindex, NullLogger<VectorBackfiller>.Instance);
    }

    private async Task IngestWhileUnavailableAsync(params string[] keys)
    {
        Unavailable();
        foreach (var key in keys)
        {
            _h.PutText(key, "写真 " + key);
            Assert.Equal(ProcessingOutcome.Indexed, (await _h.CreateProcessor().ProcessAsync(_h.Created(key), Ct)).Outcome);
        }
    }

    private void Unavailable() => _embedder.Next = () => throw new HttpRequestException("down", null, HttpStatusCode.ServiceUnavailable);

    private static DocumentId Id(string key) => DocumentId.From(PipelineHarness.Bucket, key);

    private sealed class FakeEmbedder : IImageEmbedder
    {
        public Func<float[]?> Next { get; set; } = () => null;

        public bool Embeds { get; set; } = true;

        public int Dimension => Vector.Length;

        public string ModelId { get; set; } = "fake-v1/2";

        public bool CanEmbed(FileKind kind) => Embeds && kind == FileKind.Text;

        public Task<float[]?> EmbedAsync(string imagePath, FileKind kind, CancellationToken cancellationToken)
        {
            Assert.True(File.Exists(imagePath));
            return Task.FromResult(Next());
        }
    }

    private sealed class Collect(List<BackfillItem> items) : IProgress<BackfillItem>
    {
        public void Report(BackfillItem value) => items.Add(value);
    }
}
