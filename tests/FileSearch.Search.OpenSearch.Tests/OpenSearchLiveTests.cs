using FileSearch.Core.Ports;
using FileSearch.Testing.Conformance;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Search.OpenSearch.Tests;

/// <summary>Against a real cluster: one fresh alias per test class instance, writes visible on commit (wait_for).</summary>
internal static class LiveCluster
{
    public static OpenSearchSearchIndex Open(string alias)
    {
        var options = new OpenSearchOptions
        {
            Endpoint = new Uri(Environment.GetEnvironmentVariable(LiveFactAttribute.Variable)!),
            IndexName = alias,
            Refresh = "wait_for",
            Username = Environment.GetEnvironmentVariable("OPENSEARCH_USERNAME"),
            Password = Environment.GetEnvironmentVariable("OPENSEARCH_PASSWORD"),
        };
        options.Auth = options.Username is null ? OpenSearchAuthMode.None : OpenSearchAuthMode.Basic;
        return new OpenSearchSearchIndex(new HttpClient(), Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System,
            NullLogger<OpenSearchSearchIndex>.Instance);
    }

    /// <summary>A plain client for checks and clean-up behind the adapter's back.</summary>
    public static HttpClient Http()
    {
        var http = new HttpClient { BaseAddress = new Uri(Environment.GetEnvironmentVariable(LiveFactAttribute.Variable)!) };
        if (Environment.GetEnvironmentVariable("OPENSEARCH_USERNAME") is { } user)
        {
            var token = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{Environment.GetEnvironmentVariable("OPENSEARCH_PASSWORD")}"));
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", token);
        }

        return http;
    }
}

[Trait("Category", "Integration")]
public sealed class OpenSearchLiveTests
{
    [LiveFact]
    public async Task CountAsync_FreshAlias_CreatesIndexAndCountsZero()
    {
        using var index = LiveCluster.Open($"fs-live-{Guid.NewGuid():N}");

        Assert.Equal(0, await index.CountAsync(CancellationToken.None));
    }

    [LiveFact]
    public async Task BeginRebuildAsync_LiveAlias_NewVersionServesSearchesAfterSwapAndOldIsDeleted()
    {
        var alias = $"fs-live-{Guid.NewGuid():N}";
        var ct = CancellationToken.None;
        using var index = LiveCluster.Open(alias);
        try
        {
            await index.IndexAsync(TestDocuments.Create("old.txt", "古い営業報告"), ct);
            await index.CommitAsync(ct);

            await using (var build = await index.BeginRebuildAsync(ct))
            {
                Assert.Equal($"{alias}-v2", build.Name);
                await build.IndexAsync(TestDocuments.Create("new.txt", "新しい営業報告"), ct);
                Assert.Equal([$"{alias}-v1"], await build.SwapAsync(deletePrevious: true, ct));
            }

            var results = await index.SearchAsync(new SearchQuery("営業"), ct);
            Assert.Equal(["new.txt"], results.Hits.Select(h => h.Name));
            using var http = LiveCluster.Http();
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync($"/{alias}-v1", ct)).StatusCode);
        }
        finally
        {
            using var http = LiveCluster.Http();
            await http.DeleteAsync($"/{alias}-v*", ct);
        }
    }
}

#if OPENSEARCH_LIVE
/// <summary>The port conformance suite, notation variants included, against the cluster at OPENSEARCH_URL (compiled only when it is set).</summary>
[Trait("Category", "Integration")]
public sealed class OpenSearchLiveConformanceTests : NotationVariantConformanceTests
{
    private readonly string _alias = $"fs-conf-{Guid.NewGuid():N}";

    protected override Task<ISearchIndex> CreateIndexAsync() => Task.FromResult<ISearchIndex>(LiveCluster.Open(_alias));
}
#endif
