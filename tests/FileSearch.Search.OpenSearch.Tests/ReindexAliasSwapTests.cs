using System.Net;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Pipeline.Reindexing;
using FileSearch.Testing;
using FileSearch.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Search.OpenSearch.Tests;

/// <summary><c>reindex --all</c> on OpenSearch: the Core rebuilder driving the adapter's versioned rebuild and alias swap.</summary>
[Trait("Category", "Unit")]
public sealed class ReindexAliasSwapTests : IDisposable
{
    private readonly TempDirectory _temp = new("os-reindex");

    public void Dispose() => _temp.Dispose();

    private static DocumentRecord Record(string key, DocumentStatus status) => new()
    {
        Id = DocumentId.From("docs", key),
        Bucket = "docs",
        Key = key,
        Name = key,
        OriginalPath = "/share/" + key,
        Kind = FileKind.Pdf,
        Size = 1234,
        LastModified = new DateTimeOffset(2025, 12, 1, 8, 0, 0, TimeSpan.Zero),
        Status = status,
        Text = "営業報告書 第3四半期",
        EventTime = Sut.Now.AddHours(-2),
        UpdatedAt = Sut.Now.AddHours(-1),
    };

    [Fact]
    public async Task RebuildAllAsync_OpenSearch_FillsNextVersionSwapsAliasDeletesOldAndMarksPendingIndexed()
    {
        var metadata = new InMemoryMetadataStore();
        await metadata.PutAsync(Record("a.pdf", DocumentStatus.Indexed), CancellationToken.None);
        await metadata.PutAsync(Record("b.pdf", DocumentStatus.PendingIndex), CancellationToken.None);
        await metadata.PutAsync(Record("c.pdf", DocumentStatus.Deleted), CancellationToken.None);
        var (report, handler) = await RebuildAsync(metadata);

        Assert.Equal((2L, "filesearch-v2", true), (report.Indexed, report.SwappedTo, report.ReplacedDeleted));
        Assert.Equal(["filesearch-v1"], report.Replaced);
        Assert.Equal(
            ["GET /_alias/filesearch", "PUT /filesearch-v2", "POST /filesearch-v2/_bulk?refresh=false", "POST /filesearch-v2/_refresh", "POST /_aliases"],
            handler.Requests.Select(r => $"{r.Method} {r.PathAndQuery}"));
        Assert.DoesNotContain("c.pdf", handler.Requests[2].Body, StringComparison.Ordinal);
        Contract.AssertJson("alias-swap-delete.request.json", handler.Requests[4].Body);
        Assert.Equal(DocumentStatus.Indexed, (await metadata.GetAsync(DocumentId.From("docs", "b.pdf"), CancellationToken.None))!.Status);
    }
    [Fact]
    public async Task RebuildAllAsync_MemberRecords_FilledIntoTheNextVersionLinkedToTheirFile()
    {
        var metadata = new InMemoryMetadataStore();
        var file = Record("2019_見積.zip", DocumentStatus.Indexed) with { Kind = FileKind.Zip };
        var member = Record("2019_見積.zip", DocumentStatus.Indexed) with
        {
            Id = DocumentId.ForMember(file.Id, "見積/見積書.xls"),
            Name = "2019_見積.zip › 見積/見積書.xls",
            ParentId = file.Id,
            MemberPath = "見積/見積書.xls",
            Text = "御見積書 合計金額",
        };
        await metadata.PutAsync(file with { ChildIds = [member.Id] }, CancellationToken.None);
        await metadata.PutAsync(member, CancellationToken.None);
        var (report, handler) = await RebuildAsync(metadata);

        Assert.Equal(2L, report.Indexed);
        var bulk = handler.Requests[2].Body;
        Assert.Contains($"\"_id\":\"{member.Id.Value}\"", bulk, StringComparison.Ordinal);
        Assert.Contains($"\"parent_id\":\"{file.Id.Value}\"", bulk, StringComparison.Ordinal);
        Assert.Contains("見積/見積書.xls", System.Text.RegularExpressions.Regex.Unescape(bulk!), StringComparison.Ordinal);
    }

    /// <summary>Runs <c>reindex --all</c> over <paramref name="metadata"/> against recorded OpenSearch answers.</summary>
    private async Task<(ReindexReport Report, RecordingHandler Handler)> RebuildAsync(InMemoryMetadataStore metadata)
    {
        var handler = new RecordingHandler()
            .RespondFile("Docs/get-alias.response.json")
            .RespondFile("Docs/create-index.response.json")
            .RespondFile("Docs/bulk.response.json")
            .RespondFile("Docs/refresh.response.json")
            .RespondFile("Docs/acknowledged.response.json");
        using var index = Sut.Create(handler);
        var time = new FakeTimeProvider(Sut.Now);
        var pipeline = Options.Create(new PipelineOptions { TempDirectory = _temp.Combine("tmp") });
        using var workspace = new TempWorkspace(pipeline, NullLogger<TempWorkspace>.Instance);
        var rebuilder = new IndexRebuilder(
            metadata, index, new InMemoryObjectStore(time), new NullImageEmbedder(), workspace, new DefaultErrorClassifier(),
            Options.Create(new ReindexOptions()), pipeline, time, NullLogger<IndexRebuilder>.Instance, index);
        return (await rebuilder.RebuildAllAsync(deletePrevious: true, CancellationToken.None), handler);
    }
}
