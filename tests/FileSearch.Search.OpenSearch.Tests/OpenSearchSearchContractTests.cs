using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Search.OpenSearch.Tests;

[Trait("Category", "Unit")]
public sealed class OpenSearchSearchContractTests
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task SearchAsync_TextWithFilters_SendsQueryAndParsesHighlights()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK).RespondFile("search-highlight.response.json");
        using var sut = Sut.Create(handler);
        var query = new SearchQuery("営業 AND 報告 OR 会議 NOT 草案", Kind: "PDF", Limit: 5, Offset: 10)
        {
            PathPrefix = "/share/営業部/",
            ModifiedFrom = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
            ModifiedTo = new DateTimeOffset(2025, 12, 31, 0, 0, 0, TimeSpan.FromHours(9)),
            MinSize = 100,
            Sort = SearchSort.Newest,
        };

        var results = await sut.SearchAsync(query, Ct);

        var request = handler.Requests[1];
        Assert.Equal((HttpMethod.Post, "/filesearch/_search"), (request.Method, request.PathAndQuery));
        Contract.AssertJson("search-filters.request.json", request.Body);
        Assert.Equal(2, results.TotalHits);
        var first = results.Hits[0];
        Assert.Equal(Sut.Document("a.pdf").Id, first.Id);
        Assert.Equal((FileKind.Pdf, 1234L, "/share/a.pdf"), (first.Kind, first.Size, first.Path));
        Assert.Equal(new DateTimeOffset(2025, 12, 1, 8, 0, 0, TimeSpan.Zero), first.Modified);
        Assert.Equal(
            [new("第3四半期の", false), new("営業", true), new("報告書です。", false), new("営業", true), new("部", false)],
            first.Snippet);
        Assert.Equal((FileKind.Jpeg, (DateTimeOffset?)null), (results.Hits[1].Kind, results.Hits[1].Modified));
        Assert.Empty(results.Hits[1].Snippet);
    }

    [Fact]
    public async Task SearchAsync_TextWithoutSnippets_OmitsHighlighting()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK).RespondFile("search-knn.response.json");
        using var sut = Sut.Create(handler);

        var results = await sut.SearchAsync(
            new SearchQuery("営業 報告", Limit: 10_000) { PathPrefix = "/share/営業部/", WithoutSnippets = true }, Ct);

        Contract.AssertJson("search-without-snippets.request.json", handler.Requests[1].Body);
        Assert.Equal(2, results.Hits.Count);
        Assert.All(results.Hits, h => Assert.Empty(h.Snippet));
    }

    [Fact]
    public async Task SearchAsync_HybridWithoutSnippets_OmitsHighlightingFromTheTextSearch()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK)
            .RespondFile("search-knn.response.json").RespondFile("search-knn.response.json");
        using var sut = Sut.Create(handler);

        await sut.SearchAsync(new SearchQuery("営業", Limit: 3) { Vector = new float[] { 0.6f, 0.8f, 0f }, WithoutSnippets = true }, Ct);

        Assert.Equal(3, handler.Requests.Count);
        Assert.All(handler.Requests.Skip(1), r => Assert.DoesNotContain("\"highlight\"", r.Body, StringComparison.Ordinal));
        Assert.Contains("simple_query_string", handler.Requests[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_EmptyText_MatchesAllWithoutHighlight()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK).RespondFile("search-knn.response.json");
        using var sut = Sut.Create(handler);

        await sut.SearchAsync(new SearchQuery(string.Empty) { Sort = SearchSort.Oldest }, Ct);

        Contract.AssertJson("search-all.request.json", handler.Requests[1].Body);
    }

    [Fact]
    public async Task SearchAsync_VectorOnly_SendsKnnQuery()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK).RespondFile("search-knn.response.json");
        using var sut = Sut.Create(handler);

        var results = await sut.SearchAsync(new SearchQuery(string.Empty, Limit: 2) { Vector = new float[] { 0.6f, 0.8f, 0f } }, Ct);

        Contract.AssertJson("search-knn.request.json", handler.Requests[1].Body);
        Assert.Equal([Sut.Document("c.pdf").Id, Sut.Document("b.pdf").Id], results.Hits.Select(h => h.Id));
        Assert.Equal(0.98f, results.Hits[0].Score, 3);
    }

    [Fact]
    public async Task SearchAsync_Hybrid_FusesTextAndKnnRankings()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK)
            .RespondFile("search-highlight.response.json").RespondFile("search-knn.response.json");
        using var sut = Sut.Create(handler);

        var results = await sut.SearchAsync(new SearchQuery("営業", Limit: 3) { Vector = new float[] { 0.6f, 0.8f, 0f } }, Ct);

        Assert.Equal(3, handler.Requests.Count);
        Assert.Contains("\"knn\"", handler.Requests[2].Body, StringComparison.Ordinal);
        // b.pdf is second in both lists, so it beats a.pdf (first in one) and c.pdf (first in the other).
        Assert.Equal(Sut.Document("b.pdf").Id, results.Hits[0].Id);
        Assert.Equal(3, results.TotalHits);
        Assert.NotEmpty(results.Hits.Single(h => h.Id == Sut.Document("a.pdf").Id).Snippet);
    }

    [Fact]
    public async Task SearchAsync_SimilarToMissingDocument_ReturnsEmpty()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK)
            .Respond(HttpStatusCode.NotFound, """{"_index":"filesearch-v1","_id":"x","found":false}""");
        using var sut = Sut.Create(handler);

        var results = await sut.SearchAsync(new SearchQuery(string.Empty) { SimilarTo = Sut.Document("z.pdf").Id }, Ct);

        Assert.Empty(results.Hits);
        Assert.StartsWith("/filesearch/_doc/", handler.Requests[1].PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_SimilarTo_UsesStoredVectorAndExcludesTheDocument()
    {
        var id = Sut.Document("a.pdf").Id;
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK)
            .Respond(HttpStatusCode.OK, $$$"""{"_index":"filesearch-v1","_id":"{{{id}}}","found":true,"_source":{"vector":[0.6,0.8,0.0]}}""")
            .RespondFile("search-knn.response.json");
        using var sut = Sut.Create(handler);

        await sut.SearchAsync(new SearchQuery(string.Empty, Limit: 2) { SimilarTo = id }, Ct);

        Contract.AssertJson("search-similar.request.json", handler.Requests[2].Body);
    }

    [Fact]
    public async Task NearestAsync_StoredVector_SendsTheSimilarQueryAndAnswersCosineSimilarity()
    {
        var id = Sut.Document("a.pdf").Id;
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK)
            .Respond(HttpStatusCode.OK, $$$"""{"_index":"filesearch-v1","_id":"{{{id}}}","found":true,"_source":{"vector":[0.6,0.8,0.0]}}""")
            .RespondFile("search-knn.response.json");
        using var sut = Sut.Create(handler);

        var nearest = await sut.NearestAsync(id, 2, null, Ct);

        Contract.AssertJson("search-similar.request.json", handler.Requests[2].Body);
        // cosinesimil scores (1 + cos) / 2: 0.98 and 0.71 are cosines 0.96 and 0.42.
        Assert.Equal([Sut.Document("c.pdf").Id, Sut.Document("b.pdf").Id], nearest.Select(n => n.Id));
        Assert.Equal(0.96, nearest[0].Similarity, 3);
        Assert.Equal(0.42, nearest[1].Similarity, 3);
    }

    [Fact]
    public async Task CountAsync_SigV4_SignsWithServiceRegionAndBodyHash()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK).Respond(HttpStatusCode.OK, """{"count":42,"_shards":{"total":1}}""");
        using var sut = Sut.Create(handler, o => o.Auth = OpenSearchAuthMode.SigV4, sign: true);

        var count = await sut.CountAsync(Ct);

        Assert.Equal(42, count);
        var request = handler.Requests[1];
        Assert.Equal((HttpMethod.Get, "/filesearch/_count"), (request.Method, request.PathAndQuery));
        Assert.Equal("20260115T093000Z", request.Headers["x-amz-date"]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([])), request.Headers["x-amz-content-sha256"]);
        Assert.Matches(new Regex(
            "^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260115/ap-northeast-1/es/aws4_request, " +
            "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$"), request.Headers["authorization"]);
    }

    [Fact]
    public async Task CommitAsync_SigV4Serverless_SignsBulkBodyForAoss()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK).RespondFile("bulk-retry.response.json");
        using var sut = Sut.Create(handler, o => { o.Auth = OpenSearchAuthMode.SigV4; o.Service = "aoss"; }, sign: true);
        await sut.IndexAsync(Sut.Document("a.pdf"), Ct);

        await sut.CommitAsync(Ct);

        var request = handler.Requests[1];
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Body!))), request.Headers["x-amz-content-sha256"]);
        Assert.Matches("Credential=AKIDEXAMPLE/20260115/ap-northeast-1/aoss/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, ",
            request.Headers["authorization"]);
    }

    [Fact]
    public async Task CountAsync_BasicAuth_SendsCredentials()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK).Respond(HttpStatusCode.OK, """{"count":0}""");
        using var sut = Sut.Create(handler, o => { o.Auth = OpenSearchAuthMode.Basic; o.Username = "admin"; o.Password = "p@ss"; });

        await sut.CountAsync(Ct);

        Assert.All(handler.Requests, r => Assert.Equal("Basic YWRtaW46cEBzcw==", r.Headers["authorization"]));
    }
}
