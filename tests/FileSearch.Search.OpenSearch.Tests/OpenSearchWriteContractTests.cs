using System.Net;
using FileSearch.Core.Errors;

namespace FileSearch.Search.OpenSearch.Tests;

[Trait("Category", "Unit")]
public sealed class OpenSearchWriteContractTests
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task EnsureIndexAsync_AliasMissing_CreatesVersionedIndexFromTemplate()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.NotFound).Respond(HttpStatusCode.OK, """{"acknowledged":true}""");
        using var sut = Sut.Create(handler, o => { o.VectorDimension = 1024; o.HnswM = 24; });

        await sut.EnsureIndexAsync(Ct);
        await sut.EnsureIndexAsync(Ct);

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal((HttpMethod.Get, "/filesearch/_mapping"), (handler.Requests[0].Method, handler.Requests[0].PathAndQuery));
        Assert.Equal((HttpMethod.Put, "/filesearch-v1"), (handler.Requests[1].Method, handler.Requests[1].PathAndQuery));
        Assert.Equal("application/json", handler.Requests[1].Headers["content-type"]);
        Contract.AssertJson("create-index.request.json", handler.Requests[1].Body);
    }

    [Fact]
    public async Task EnsureIndexAsync_AliasExists_CreatesNothing()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK);
        using var sut = Sut.Create(handler);

        await sut.EnsureIndexAsync(Ct);

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task EnsureIndexAsync_MappingRequestRefused_ThrowsPermanentAndCreatesNothing()
    {
        // https://docs.opensearch.org/latest/api-reference/index-apis/get-mapping/ : an invalid index name is a 400.
        var handler = new RecordingHandler()
            .Respond(HttpStatusCode.BadRequest, """{"error":{"type":"invalid_index_name_exception","reason":"Invalid index name [File_Search], must be lowercase"},"status":400}""");
        using var sut = Sut.Create(handler);

        var ex = await Assert.ThrowsAsync<ProcessingException>(() => sut.EnsureIndexAsync(Ct));

        Assert.Equal((FailureKind.Permanent, "index-check-failed"), (ex.Kind, ex.Code));
        Assert.Contains("must be lowercase", ex.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task EnsureIndexAsync_CreateRejected_ThrowsPermanent()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.NotFound)
            .Respond(HttpStatusCode.BadRequest, """{"error":{"type":"illegal_argument_exception","reason":"Custom Analyzer [fs_ja] failed to find tokenizer under name [kuromoji_tokenizer]"},"status":400}""");
        using var sut = Sut.Create(handler);

        var ex = await Assert.ThrowsAsync<ProcessingException>(() => sut.EnsureIndexAsync(Ct));

        Assert.Equal(FailureKind.Permanent, ex.Kind);
        Assert.Contains("kuromoji_tokenizer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommitAsync_PartialFailures_RetriesThrottledItemAndReportsMappingError()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK)
            .RespondFile("bulk-partial.response.json")
            .RespondFile("bulk-retry.response.json");
        using var sut = Sut.Create(handler);
        await sut.IndexAsync(Sut.Document("a.pdf", vector: [0.6f, 0.8f, 0f]), Ct);
        await sut.IndexAsync(Sut.Document("b.pdf"), Ct);
        await sut.DeleteAsync(Sut.Document("c.pdf").Id, Ct);
        Assert.Empty(handler.Requests);

        var ex = await Assert.ThrowsAsync<ProcessingException>(() => sut.CommitAsync(Ct));

        Assert.Equal(FailureKind.Permanent, ex.Kind);
        Assert.Contains(Sut.Document("b.pdf").Id.Value, ex.Message, StringComparison.Ordinal);
        Assert.Contains("mapper_parsing_exception", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, handler.Requests.Count);
        var first = handler.Requests[1];
        Assert.Equal((HttpMethod.Post, "/filesearch/_bulk?refresh=false"), (first.Method, first.PathAndQuery));
        Assert.Equal("application/x-ndjson", first.Headers["content-type"]);
        Contract.AssertNdJson("bulk.request.json", first.Body);
        Contract.AssertNdJson("bulk-retry.request.json", handler.Requests[2].Body);
    }

    [Fact]
    public async Task CommitAsync_ThrottledEveryAttempt_ThrowsRetryableAfterMaxAttempts()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK);
        for (var i = 0; i < 3; i++)
        {
            handler.RespondFile("bulk-throttled.response.json");
        }

        using var sut = Sut.Create(handler, o => o.MaxAttempts = 3);
        await sut.IndexAsync(Sut.Document("a.pdf"), Ct);

        var ex = await Assert.ThrowsAsync<ProcessingException>(() => sut.CommitAsync(Ct));

        Assert.Equal(FailureKind.Retryable, ex.Kind);
        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact]
    public async Task IndexAsync_BufferOverBulkMaxBytes_SendsFullBufferFirst()
    {
        var ok = """{"took":1,"errors":false,"items":[{"index":{"_id":"x","status":201}}]}""";
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK).Respond(HttpStatusCode.OK, ok).Respond(HttpStatusCode.OK, ok);
        using var sut = Sut.Create(handler, o => { o.BulkMaxBytes = 1024; o.Refresh = "wait_for"; });

        await sut.IndexAsync(Sut.Document("a.pdf", new string('あ', 200)), Ct);
        await sut.IndexAsync(Sut.Document("b.pdf", new string('い', 200)), Ct);
        Assert.Equal(2, handler.Requests.Count);
        await sut.CommitAsync(Ct);
        await sut.CommitAsync(Ct);

        Assert.Equal(3, handler.Requests.Count);
        Assert.All(handler.Requests.Skip(1), r => Assert.Equal("/filesearch/_bulk?refresh=wait_for", r.PathAndQuery));
        Assert.Contains(Sut.Document("b.pdf").Id.Value, handler.Requests[2].Body, StringComparison.Ordinal);
        Assert.DoesNotContain(Sut.Document("a.pdf").Id.Value, handler.Requests[2].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IndexAsync_WrongVectorDimension_ThrowsPermanent()
    {
        using var sut = Sut.Create(new RecordingHandler());

        var ex = await Assert.ThrowsAsync<ProcessingException>(() => sut.IndexAsync(Sut.Document("a.pdf", vector: [1f, 0f]), Ct));

        Assert.Equal(FailureKind.Permanent, ex.Kind);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "index-unavailable")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "throttled")]
    [InlineData(HttpStatusCode.TooManyRequests, "throttled")]
    [InlineData(HttpStatusCode.Forbidden, "index-unauthorized")]
    public async Task CountAsync_ServerError_ThrowsRetryable(HttpStatusCode status, string code)
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK).Respond(status, """{"error":"boom"}""");
        using var sut = Sut.Create(handler);

        var ex = await Assert.ThrowsAsync<ProcessingException>(() => sut.CountAsync(Ct));

        Assert.Equal((FailureKind.Retryable, code), (ex.Kind, ex.Code));
    }

    [Fact]
    public async Task CountAsync_Unreachable_ThrowsRetryable()
    {
        var handler = new RecordingHandler().Throw(new HttpRequestException("connection refused"));
        using var sut = Sut.Create(handler);

        var ex = await Assert.ThrowsAsync<ProcessingException>(() => sut.CountAsync(Ct));

        Assert.Equal(FailureKind.Retryable, ex.Kind);
    }

    [Fact]
    public async Task CountAsync_Timeout_ThrowsRetryable()
    {
        var handler = new RecordingHandler().Throw(new TaskCanceledException("timed out"));
        using var sut = Sut.Create(handler);

        var ex = await Assert.ThrowsAsync<ProcessingException>(() => sut.CountAsync(Ct));

        Assert.Equal("index-timeout", ex.Code);
    }
}
