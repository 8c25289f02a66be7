using System.Net;
using System.Text.Json.Nodes;
using FileSearch.Core.Errors;

namespace FileSearch.Search.OpenSearch.Tests;

/// <summary>
/// Side-by-side rebuild: next versioned index from the template (no alias), bulk into it, refresh, one atomic
/// <c>_aliases</c> request. Responses are the documentation-shaped ones in Contracts/Docs.
/// </summary>
[Trait("Category", "Unit")]
public sealed class OpenSearchAliasSwapContractTests
{
    private static CancellationToken Ct => CancellationToken.None;

    private static RecordingHandler LiveOnV1() => new RecordingHandler()
        .RespondFile("Docs/get-alias.response.json")
        .RespondFile("Docs/create-index.response.json");

    [Theory]
    [InlineData(false, "alias-swap.request.json")]
    [InlineData(true, "alias-swap-delete.request.json")]
    public async Task Rebuild_AliasOnV1_FillsV2ThenSwapsAtomically(bool deletePrevious, string expectedActions)
    {
        var handler = LiveOnV1()
            .RespondFile("Docs/bulk.response.json")
            .RespondFile("Docs/refresh.response.json")
            .RespondFile("Docs/acknowledged.response.json");
        using var sut = Sut.Create(handler);

        IReadOnlyList<string> replaced;
        await using (var build = await sut.BeginRebuildAsync(Ct))
        {
            Assert.Equal("filesearch-v2", build.Name);
            await build.IndexAsync(Sut.Document("a.pdf", vector: [0.6f, 0.8f, 0f]), Ct);
            await build.IndexAsync(Sut.Document("b.pdf"), Ct);
            await build.CommitAsync(Ct);
            replaced = await build.SwapAsync(deletePrevious, Ct);
        }

        Assert.Equal(["filesearch-v1"], replaced);
        var r = handler.Requests;
        Assert.Equal(
            [(HttpMethod.Get, "/_alias/filesearch"), (HttpMethod.Put, "/filesearch-v2"), (HttpMethod.Post, "/filesearch-v2/_bulk?refresh=false"),
                (HttpMethod.Post, "/filesearch-v2/_refresh"), (HttpMethod.Post, "/_aliases")],
            r.Select(q => (q.Method, q.PathAndQuery)));
        var created = JsonNode.Parse(r[1].Body!)!.AsObject();
        Assert.False(created.ContainsKey("aliases"), "the new version must not join the alias before it is complete");
        var template = JsonNode.Parse(Contract.Read("create-index.request.json"))!;
        Assert.True(JsonNode.DeepEquals(template["settings"]!["analysis"], created["settings"]!["analysis"]));
        Contract.AssertNdJson("rebuild-bulk.request.json", r[2].Body);
        Contract.AssertJson(expectedActions, r[4].Body);
    }

    [Fact]
    public async Task Rebuild_NoAliasYet_CreatesConfiguredVersionAndOnlyAddsAlias()
    {
        var handler = new RecordingHandler()
            .RespondFile("Docs/get-alias-missing.response.json", HttpStatusCode.NotFound)
            .RespondFile("Docs/create-index.response.json")
            .RespondFile("Docs/refresh.response.json")
            .RespondFile("Docs/acknowledged.response.json");
        using var sut = Sut.Create(handler, o => o.IndexVersion = 3);

        await using var build = await sut.BeginRebuildAsync(Ct);
        var replaced = await build.SwapAsync(deletePrevious: true, Ct);

        Assert.Equal("filesearch-v3", build.Name);
        Assert.Empty(replaced);
        Assert.Equal("/filesearch-v3", handler.Requests[1].PathAndQuery);
        Assert.Equal("""{"actions":[{"add":{"index":"filesearch-v3","alias":"filesearch"}}]}""", handler.Requests[3].Body);
    }

    [Fact]
    public async Task Rebuild_VersionLeftByInterruptedRun_ThrowsPermanentSayingWhatToDelete()
    {
        var handler = new RecordingHandler()
            .RespondFile("Docs/get-alias.response.json")
            .RespondFile("Docs/create-index-exists.response.json", HttpStatusCode.BadRequest);
        using var sut = Sut.Create(handler);

        var ex = await Assert.ThrowsAsync<ProcessingException>(() => sut.BeginRebuildAsync(Ct));

        Assert.Equal((FailureKind.Permanent, "index-version-exists"), (ex.Kind, ex.Code));
        Assert.Contains("filesearch-v2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rebuild_AbandonedBeforeSwap_DeletesPartialIndexAndLeavesAlias()
    {
        var handler = LiveOnV1().RespondFile("Docs/acknowledged.response.json");
        using var sut = Sut.Create(handler);

        await using (var build = await sut.BeginRebuildAsync(Ct))
        {
            await build.IndexAsync(Sut.Document("a.pdf"), Ct);
        }

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal((HttpMethod.Delete, "/filesearch-v2"), (handler.Requests[2].Method, handler.Requests[2].PathAndQuery));
        Assert.DoesNotContain(handler.Requests, q => q.PathAndQuery == "/_aliases");
    }

    [Fact]
    public async Task Rebuild_SwapRejected_ThrowsAndDeletesPartialIndex()
    {
        var handler = LiveOnV1()
            .RespondFile("Docs/refresh.response.json")
            .Respond(HttpStatusCode.NotFound, """{"error":{"root_cause":[{"type":"index_not_found_exception","reason":"no such index [filesearch-v1]"}],"type":"index_not_found_exception","reason":"no such index [filesearch-v1]"},"status":404}""")
            .Respond(HttpStatusCode.InternalServerError, """{"error":"boom","status":500}""");
        using var sut = Sut.Create(handler);

        var build = await sut.BeginRebuildAsync(Ct);
        var ex = await Assert.ThrowsAsync<ProcessingException>(() => build.SwapAsync(false, Ct));
        await build.DisposeAsync();

        Assert.Contains("index_not_found_exception", ex.Message, StringComparison.Ordinal);
        Assert.Equal((HttpMethod.Delete, "/filesearch-v2"), (handler.Requests[^1].Method, handler.Requests[^1].PathAndQuery));
    }
}
