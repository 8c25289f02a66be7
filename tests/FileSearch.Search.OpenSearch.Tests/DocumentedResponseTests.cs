using System.Net;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;

namespace FileSearch.Search.OpenSearch.Tests;

/// <summary>The adapter against responses shaped as OpenSearch's documentation shows them (Contracts/Docs/README.md).</summary>
[Trait("Category", "Unit")]
public sealed class DocumentedResponseTests
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task CommitAsync_DocumentedBulkErrors_RetriesThrottledKeepsNotFoundDeleteAndReportsMappingError()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK)
            .RespondFile("Docs/bulk-errors.response.json")
            .RespondFile("bulk-retry.response.json");
        using var sut = Sut.Create(handler);
        await sut.IndexAsync(Sut.Document("a.pdf"), Ct);
        await sut.IndexAsync(Sut.Document("b.pdf"), Ct);
        await sut.IndexAsync(Sut.Document("c.pdf"), Ct);
        await sut.DeleteAsync(Sut.Document("d.pdf").Id, Ct);

        var ex = await Assert.ThrowsAsync<ProcessingException>(() => sut.CommitAsync(Ct));

        Assert.Equal(FailureKind.Permanent, ex.Kind);
        Assert.Contains(Sut.Document("b.pdf").Id.Value, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(" more", ex.Message, StringComparison.Ordinal);
        var retry = handler.Requests[2].Body!;
        Assert.Contains(Sut.Document("c.pdf").Id.Value, retry, StringComparison.Ordinal);
        Assert.Equal(2, retry.Count(c => c == '\n'));
    }

    [Fact]
    public async Task SearchAsync_DocumentedHighlightResponse_SnippetFromTextElseBigramField()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK).RespondFile("Docs/search-highlight.response.json");
        using var sut = Sut.Create(handler);

        var results = await sut.SearchAsync(new SearchQuery("営業"), Ct);

        Assert.Equal(2, results.TotalHits);
        Assert.Equal(7.450247f, results.Hits[0].Score, 0.0001f);
        Assert.Equal(("営業報告書.pdf", Core.Domain.FileKind.Pdf), (results.Hits[0].Name, results.Hits[0].Kind));
        Assert.Equal(
            [new("第3四半期の", false), new("営業", true), new("報告書。", false), new("営業", true), new("部の売上", false)],
            results.Hits[0].Snippet);
        Assert.Equal([new("営業", true), new("日", false)], results.Hits[1].Snippet);
        Assert.Null(results.Hits[1].Modified);
    }

    [Fact]
    public async Task SearchAsync_DocumentedKnnResponse_HitsInScoreOrder()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK).RespondFile("Docs/search-knn.response.json");
        using var sut = Sut.Create(handler);

        var results = await sut.SearchAsync(new SearchQuery(string.Empty, Limit: 2) { Vector = new float[] { 1, 0, 0 } }, Ct);

        Assert.Equal(["photo_office.jpg", "scan.png"], results.Hits.Select(h => h.Name));
        Assert.Equal([0.9876543f, 0.5123457f], results.Hits.Select(h => h.Score));
        Assert.Equal(Core.Domain.FileKind.Jpeg, results.Hits[0].Kind);
    }
}
