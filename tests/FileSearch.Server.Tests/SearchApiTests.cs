using System.Net;
using System.Text.Json;
using FileSearch.Cli.Commands;
using FileSearch.Server.Api;
using FileSearch.Testing;

namespace FileSearch.Server.Tests;

[Collection(ServerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SearchApiTests(ServerFixture fixture)
{
    private static readonly string Contract = Uri.EscapeDataString("契約");

    [Fact]
    public async Task Search_Contract_ContractFirstWithHighlightedSnippetAndThumbnail()
    {
        using var client = fixture.Server.Client();

        var result = await (await client.GetAsync($"/api/v1/search?q={Contract}")).ReadAsync<SearchResponse>();

        Assert.Equal("契約", result.Query);
        Assert.True(result.Total >= 1);
        var top = result.Hits[0];
        Assert.Equal("契約書_業務委託_2025.pdf", top.Name);
        Assert.Equal("pdf", top.Type);
        Assert.NotEmpty(top.Snippet.Highlights);
        Assert.All(top.Snippet.Highlights, h => Assert.Equal("契約", top.Snippet.Text.Substring(h.Start, h.Length)));
        Assert.Equal($"/api/v1/documents/{top.Id}/thumbnail?size=256", top.ThumbnailUrl);
        Assert.True(result.TookMs >= 0);
    }

    [Fact]
    public async Task Search_SameQueryAsCliJson_SameHits()
    {
        using var client = fixture.Server.Client();
        var api = await (await client.GetAsync($"/api/v1/search?q={Contract}&limit=10")).ReadAsync<SearchResponse>();

        var (exit, output) = await ConsoleCapture.RunAsync(FileSearchCli.InvokeAsync, ["search", "契約", "--json", "--data-dir", fixture.DataDir]);

        Assert.Equal(ExitCodes.Success, exit);
        // The capture merges stderr, where the CLI and the in-process server log (a warning under load), into the output.
        var json = output[(output.StartsWith('{') ? 0 : output.IndexOf("\n{", StringComparison.Ordinal) + 1)..];
        var cli = JsonSerializer.Deserialize<SearchResponse>(json, ApiJson.Options)!;
        Assert.Equal(api.Total, cli.Total);
        Assert.Equal(Shape(api), Shape(cli));
    }

    private static List<string> Shape(SearchResponse response) =>
        [.. response.Hits.Select(h => $"{h.Id} {h.Name} {h.Path} {h.Score} {h.Snippet.Text} {string.Join(',', h.Snippet.Highlights)}")];

    [Fact]
    public async Task Search_TypeFilter_OnlyThatType()
    {
        using var client = fixture.Server.Client();

        var all = await (await client.GetAsync("/api/v1/search?q=&limit=50")).ReadAsync<SearchResponse>();
        var pdf = await (await client.GetAsync("/api/v1/search?q=&type=pdf&limit=50")).ReadAsync<SearchResponse>();

        Assert.True(all.Total > pdf.Total, $"{all.Total} documents, {pdf.Total} pdf");
        Assert.NotEmpty(pdf.Hits);
        Assert.All(pdf.Hits, h => Assert.Equal("pdf", h.Type));
        Assert.Equal(all.Hits.Count(h => h.Type == "pdf"), pdf.Hits.Count);
    }

    [Fact]
    public async Task Search_Paging_PagesDoNotOverlapAndCoverTheTotal()
    {
        using var client = fixture.Server.Client();
        var ids = new List<string>();
        long total = 0;
        for (var offset = 0; offset < 50; offset += 3)
        {
            var page = await (await client.GetAsync($"/api/v1/search?q=&limit=3&offset={offset}&sort=newest")).ReadAsync<SearchResponse>();
            total = page.Total;
            ids.AddRange(page.Hits.Select(h => h.Id));
            if (page.Hits.Count < 3)
            {
                break;
            }
        }

        Assert.Equal(total, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("offset=9990&limit=20", "offset")]
    [InlineData("type=exe", "type")]
    [InlineData("from=2024-13-01", "from")]
    [InlineData("from=2024-05-01&to=2024-04-01", "to")]
    [InlineData("minSize=-5", "minSize")]
    [InlineData("minSize=100&maxSize=10", "maxSize")]
    [InlineData("sort=biggest", "sort")]
    [InlineData("facets=maybe", "facets")]
    public async Task Search_InvalidParameter_ProblemWithFieldError(string parameters, string field)
    {
        using var client = fixture.Server.Client();

        var problem = await (await client.GetAsync($"/api/v1/search?q=x&{parameters}")).ProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.NotEqual(0, messages.GetArrayLength());
    }

    [Fact]
    public async Task Search_QueryLongerThanTheLimit_ProblemWithFieldError()
    {
        using var client = fixture.Server.Client();

        var problem = await (await client.GetAsync($"/api/v1/search?q={new string('あ', 501)}")).ProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("q", out _));
    }

    [Fact]
    public async Task Search_DateAndSizeFilters_Applied()
    {
        using var client = fixture.Server.Client();

        var future = await (await client.GetAsync("/api/v1/search?q=&from=2999-01-01")).ReadAsync<SearchResponse>();
        var tiny = await (await client.GetAsync("/api/v1/search?q=&maxSize=1")).ReadAsync<SearchResponse>();
        var all = await (await client.GetAsync("/api/v1/search?q=&minSize=0&to=2999-12-31")).ReadAsync<SearchResponse>();

        Assert.Equal(0, future.Total);
        Assert.Equal(0, tiny.Total);
        Assert.True(all.Total >= 8, $"{all.Total}");
    }

    [Fact]
    public async Task UnknownApiPath_ProblemNotFound()
    {
        using var client = fixture.Server.Client();

        var problem = await (await client.GetAsync("/api/v1/nothing-here")).ProblemAsync(404);

        Assert.False(problem.TryGetProperty("exception", out _));
    }

    [Fact]
    public async Task Responses_CarrySecurityHeaders()
    {
        using var client = fixture.Server.Client();

        using var response = await client.GetAsync($"/api/v1/search?q={Contract}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task OpenApi_DescribesTheEndpoints()
    {
        using var client = fixture.Server.Client();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));

        var paths = document.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/search", "/api/v1/suggest", "/api/v1/documents/{id}", "/api/v1/documents/{id}/content", "/api/v1/documents/{id}/duplicates", "/api/v1/similar", "/api/v1/status", "/api/v1/dlq/redrive" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from the OpenAPI document");
        }
    }

    [Fact]
    public async Task ApiReference_PageAndScriptServedLocallyUnderAStrictScriptPolicy()
    {
        using var client = fixture.Server.Client();

        using var page = await client.GetAsync("/api-reference.html");
        using var script = await client.GetAsync("/scalar/scalar.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("/js/api-reference.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True(script.Content.Headers.ContentLength > 100_000);
        var csp = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_LiveAndReady()
    {
        using var client = fixture.Server.Client();

        Assert.Equal("ok", await client.GetStringAsync("/healthz"));
        using var ready = JsonDocument.Parse(await client.GetStringAsync("/readyz"));
        Assert.Equal("ready", ready.RootElement.GetProperty("status").GetString());
    }
}
