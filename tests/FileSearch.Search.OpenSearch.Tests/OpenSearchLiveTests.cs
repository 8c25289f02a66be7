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
}

#if OPENSEARCH_LIVE
/// <summary>The port conformance suite against the cluster at OPENSEARCH_URL (compiled only when it is set).</summary>
[Trait("Category", "Integration")]
public sealed class OpenSearchLiveConformanceTests : SearchIndexConformanceTests
{
    private readonly string _alias = $"fs-conf-{Guid.NewGuid():N}";

    protected override Task<ISearchIndex> CreateIndexAsync() => Task.FromResult<ISearchIndex>(LiveCluster.Open(_alias));
}
#endif
