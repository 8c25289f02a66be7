using System.Net;
using System.Text.Json.Nodes;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;

namespace FileSearch.Search.OpenSearch.Tests;

/// <summary>
/// Writes that carry a version are bulk <c>update</c> actions whose painless script keeps an entry of a newer version
/// (https://docs.opensearch.org/latest/api-reference/document-apis/update-document/ : <c>script</c>, <c>scripted_upsert</c>,
/// <c>upsert</c>, <c>ctx.op</c>). What the script decides can only be checked against a cluster (the live suite runs the
/// conformance cases); these tests pin the requests and how the answers are read.
/// </summary>
[Trait("Category", "Unit")]
public sealed class OpenSearchConditionalWriteContractTests
{
    private static readonly DocumentVersion Newer = new("0055AED6DCD90281E5", new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => CancellationToken.None;

    /// <summary>A versioned write and a conditional delete, committed; the answer is a "noop" and a missing document.</summary>
    private static async Task<RecordingHandler> CommitVersionedWriteAndDeleteAsync()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK).RespondFile("bulk-conditional.response.json");
        using var sut = Sut.Create(handler);
        await sut.IndexAsync(Sut.Document("a.pdf") with { Version = Newer }, Ct);
        await sut.DeleteAsync(Sut.Document("c.pdf").Id, Newer, Ct);
        await sut.CommitAsync(Ct);
        return handler;
    }

    [Fact]
    public async Task CommitAsync_VersionedWriteAndDelete_SendsScriptedUpdatesAndAcceptsNoopAndMissing()
    {
        var handler = await CommitVersionedWriteAndDeleteAsync();

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal("/filesearch/_bulk?refresh=false", handler.Requests[1].PathAndQuery);
        Contract.AssertNdJson("bulk-conditional.request.json", handler.Requests[1].Body);
    }

    [Fact]
    public async Task IndexAsync_Versioned_SourceCarriesTheVersionTheScriptCompares()
    {
        var handler = await CommitVersionedWriteAndDeleteAsync();

        var lines = handler.Requests[1].Body!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var body = JsonNode.Parse(lines[1])!;
        var script = body["script"]!;
        Assert.Equal("0055AED6DCD90281E5", script["params"]!["seq"]!.GetValue<string>());
        Assert.Equal(Newer.EventTime!.Value.UtcTicks, script["params"]!["time"]!.GetValue<long>());
        Assert.Equal("0055AED6DCD90281E5", script["params"]!["doc"]!["version_seq"]!.GetValue<string>());
        Assert.Equal(Newer.EventTime!.Value.UtcTicks, script["params"]!["doc"]!["version_time"]!.GetValue<long>());
        Assert.True(body["scripted_upsert"]!.GetValue<bool>());
        Assert.Null(JsonNode.Parse(lines[3])!["script"]!["params"]!["doc"]);
    }

    [Fact]
    public async Task CommitAsync_IndexWithoutVersionFields_AddsThemToTheMappingAndResends()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK)
            .RespondFile("bulk-strict-mapping.response.json")
            .Respond(HttpStatusCode.OK, """{"acknowledged":true}""")
            .RespondFile("bulk-conditional.response.json");
        using var sut = Sut.Create(handler);
        await sut.IndexAsync(Sut.Document("a.pdf") with { Version = Newer }, Ct);

        await sut.CommitAsync(Ct);

        Assert.Equal(4, handler.Requests.Count);
        Assert.Equal((HttpMethod.Put, "/filesearch/_mapping"), (handler.Requests[2].Method, handler.Requests[2].PathAndQuery));
        var properties = JsonNode.Parse(handler.Requests[2].Body!)!["properties"]!;
        Assert.Equal("keyword", properties["version_seq"]!["type"]!.GetValue<string>());
        Assert.Equal("long", properties["version_time"]!["type"]!.GetValue<string>());
        Assert.Equal(handler.Requests[1].Body, handler.Requests[3].Body);
    }

    [Fact]
    public async Task CommitAsync_MemberOnIndexWithoutParentFields_AddsThemToTheMappingAndResends()
    {
        var parent = Sut.Document("2019_見積.zip");
        var member = Sut.Document("2019_見積.zip") with
        {
            Id = DocumentId.ForMember(parent.Id, "見積/見積書.xlsx"),
            ParentId = parent.Id,
            MemberPath = "見積/見積書.xlsx",
            Version = Newer,
        };
        var strict = """
            {"took":4,"errors":true,"items":[{"update":{"_index":"filesearch-v1","_id":"ID","status":400,"error":{
            "type":"strict_dynamic_mapping_exception","reason":"mapping set to strict, dynamic introduction of [parent_id] within [_doc] is not allowed"}}}]}
            """.Replace("ID", member.Id.Value, StringComparison.Ordinal);
        var updated = """{"took":3,"errors":false,"items":[{"update":{"_index":"filesearch-v1","_id":"ID","status":200,"result":"updated"}}]}"""
            .Replace("ID", member.Id.Value, StringComparison.Ordinal);
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK)
            .Respond(HttpStatusCode.OK, strict)
            .Respond(HttpStatusCode.OK, """{"acknowledged":true}""")
            .Respond(HttpStatusCode.OK, updated);
        using var sut = Sut.Create(handler);
        await sut.IndexAsync(member, Ct);

        await sut.CommitAsync(Ct);

        Assert.Equal(4, handler.Requests.Count);
        var properties = JsonNode.Parse(handler.Requests[2].Body!)!["properties"]!;
        Assert.Equal("keyword", properties["parent_id"]!["type"]!.GetValue<string>());
        Assert.Equal("keyword", properties["member_path"]!["type"]!.GetValue<string>());
        var doc = JsonNode.Parse(handler.Requests[3].Body!.Split('\n')[1])!["script"]!["params"]!["doc"]!;
        Assert.Equal((parent.Id.Value, "見積/見積書.xlsx"), (doc["parent_id"]!.GetValue<string>(), doc["member_path"]!.GetValue<string>()));
    }

    [Fact]
    public async Task CommitAsync_MappingUpdateRefused_ThrowsInsteadOfLoopingOrDroppingTheWrite()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK)
            .RespondFile("bulk-strict-mapping.response.json")
            .Respond(HttpStatusCode.Forbidden, """{"error":{"type":"security_exception","reason":"no permissions for [indices:admin/mapping/put]"},"status":403}""");
        using var sut = Sut.Create(handler);
        await sut.IndexAsync(Sut.Document("a.pdf") with { Version = Newer }, Ct);

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => sut.CommitAsync(Ct));

        Assert.Contains("mapping", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3, handler.Requests.Count);
    }
}
