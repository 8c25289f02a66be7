using System.ComponentModel.DataAnnotations;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FileSearch.Search.OpenSearch.Tests;

[Trait("Category", "Unit")]
public sealed class OpenSearchOptionsTests
{
    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger<>));
        services.AddOpenSearchIndex(configuration);
        services.AddOpenSearchIndex(configuration);
        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData("None")]
    [InlineData("SigV4")]
    public void AddOpenSearchIndex_ValidSection_ResolvesOneIndex(string auth)
    {
        using var provider = Provider(new() { ["OpenSearch:Endpoint"] = "http://localhost:9200", ["OpenSearch:Auth"] = auth });

        var index = provider.GetRequiredService<ISearchIndex>();

        Assert.IsType<OpenSearchSearchIndex>(index);
        Assert.Same(index, provider.GetRequiredService<ISearchIndexVersioning>());
        Assert.Single(provider.GetServices<ISearchIndex>());
        Assert.Equal("filesearch-v1", provider.GetRequiredService<IOptions<OpenSearchOptions>>().Value.VersionedIndexName);
    }

    [Theory]
    [InlineData("OpenSearch:Refresh", "true")]
    [InlineData("OpenSearch:Service", "s3")]
    [InlineData("OpenSearch:HnswEngine", "annoy")]
    [InlineData("OpenSearch:IndexName", "Bad Name")]
    [InlineData("OpenSearch:Auth", "Basic")]
    public void AddOpenSearchIndex_InvalidValue_FailsValidation(string key, string value)
    {
        using var provider = Provider(new() { ["OpenSearch:Endpoint"] = "http://localhost:9200", [key] = value });

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OpenSearchOptions>>().Value);
    }

    [Fact]
    public void Validate_MissingEndpoint_Fails()
    {
        using var provider = Provider([]);

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OpenSearchOptions>>().Value);
    }

    [Fact]
    public void Validate_NegativeRetryDelay_Fails()
    {
        var options = Sut.Options(o => o.RetryDelay = TimeSpan.FromSeconds(-1));

        var results = options.Validate(new ValidationContext(options)).ToList();

        Assert.Single(results);
    }
}
