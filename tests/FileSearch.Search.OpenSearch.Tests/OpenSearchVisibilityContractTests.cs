using System.Net;
using System.Text.Json.Nodes;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;

namespace FileSearch.Search.OpenSearch.Tests;

/// <summary>Permissions in OpenSearch: written with the document, enforced by filters in searches, k-NN and suggestions.</summary>
[Trait("Category", "Unit")]
public sealed class OpenSearchVisibilityContractTests
{
    private static readonly Visibility Bob = new(["everyone", "group:営業部", "user:bob"]);

    private static CancellationToken Ct => CancellationToken.None;

    /// <summary>The visibility filter: principals in acl_allow (terms), none in acl_deny (must_not terms).</summary>
    private static void AssertVisibilityFilter(JsonNode? filter)
    {
        var condition = filter!["bool"]!;
        Assert.Equal(["everyone", "group:営業部", "user:bob"], condition["filter"]![0]!["terms"]!["acl_allow"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["everyone", "group:営業部", "user:bob"], condition["must_not"]![0]!["terms"]!["acl_deny"]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    [Fact]
    public async Task SearchAsync_Visibility_FilterBesideTheScoringQuery()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK).RespondFile("search-highlight.response.json");
        using var sut = Sut.Create(handler);

        await sut.SearchAsync(new SearchQuery("契約") { Visibility = Bob }, Ct);

        var body = JsonNode.Parse(handler.Requests[1].Body!)!;
        AssertVisibilityFilter(body["query"]!["bool"]!["filter"]!.AsArray().Single());
    }

    [Fact]
    public async Task SearchAsync_VisibilityWithVector_FilteredInsideTheKnnQuery()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK).RespondFile("search-knn.response.json");
        using var sut = Sut.Create(handler);

        await sut.SearchAsync(new SearchQuery(string.Empty, Limit: 3) { Vector = new float[] { 1, 0, 0 }, Visibility = Bob }, Ct);

        var body = handler.Requests[1].Body;
        var knn = JsonNode.Parse(body!)!.AsObject().Descendants().OfType<JsonObject>().First(o => o.ContainsKey("knn"))["knn"]!["vector"]!;
        AssertVisibilityFilter(knn["filter"]);
    }

    [Fact]
    public async Task SuggestAsync_Visibility_AggregatesOverVisibleDocumentsOnly()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK).RespondFile("Docs/suggest.response.json");
        using var sut = Sut.Create(handler);

        await sut.SuggestAsync("契", 5, Bob, Ct);

        AssertVisibilityFilter(JsonNode.Parse(handler.Requests[1].Body!)!["query"]!["bool"]!["filter"]!.AsArray().Single());
    }

    [Fact]
    public void Source_Permissions_WrittenAsAllowAndDenyKeywords()
    {
        var document = new IndexDocument
        {
            Id = DocumentId.From("b", "k"),
            Bucket = "b",
            Key = "k",
            Name = "k",
            Path = "/k",
            Permissions = DocumentPermissions.Create([new("group:営業部", PermissionSource.Acl)], [new("user:bob", PermissionSource.Mode)]),
        };

        var source = Internals.RequestBodies.Source(document);
        var unknown = Internals.RequestBodies.Source(document with { Permissions = null });

        Assert.Equal(["group:営業部"], source["acl_allow"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["user:bob"], source["acl_deny"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.False(unknown.ContainsKey("acl_allow"));
    }
}

internal static class JsonNodeExtensions
{
    public static IEnumerable<JsonNode> Descendants(this JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var descendant in child.Descendants())
            {
                yield return descendant;
            }
        }
    }
}
