using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Resilience;
using FileSearch.Embeddings.Bedrock;
using FileSearch.Embeddings.Onnx;
using FileSearch.Hosting;
using FileSearch.Imaging;
using FileSearch.Search.Lucene;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FileSearch.Hosting.Tests;

[Trait("Category", "Unit")]
public class BackendSelectionTests
{
    [Fact]
    public void From_NoSection_EmbeddedDefaults()
    {
        var selection = BackendSelection.From(new ConfigurationBuilder().Build());

        Assert.Equal(new BackendSelection("sqlite", "folder", "sqlite", "lucene", "local"), selection);
    }

    [Fact]
    public void From_UnknownBackend_ConfigurationErrorNamingTheChoices()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Backends:Queue"] = "rabbitmq" }).Build();

        var ex = Assert.Throws<OptionsValidationException>(() => BackendSelection.From(config));

        Assert.Contains("Backends:Queue = 'rabbitmq' is not one of: sqlite", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_MixedCase_Normalised()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Backends:Index"] = " Lucene " }).Build();

        Assert.Equal("lucene", BackendSelection.From(config).Index);
    }

    [Fact]
    public void AddFileSearch_AwsBackends_PortsServedByAwsAdapters()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Backends:Queue"] = "SQS",
            ["Backends:ObjectStore"] = "s3",
            ["Backends:Metadata"] = "dynamodb",
            ["Aws:Region"] = "ap-northeast-1",
        }).Build();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();

        services.AddFileSearch(config);

        Assert.Contains(services, d => d.ServiceType == typeof(FileSearch.Core.Ports.IMessageQueue) && d.ImplementationFactory is not null
            && services.Any(s => s.ServiceType == typeof(FileSearch.Aws.SqsMessageQueue)));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(FileSearch.Embedded.SqliteMessageQueue));
        Assert.Contains(services, d => d.ServiceType == typeof(FileSearch.Aws.DynamoDbMetadataStore));
        Assert.Contains(services, d => d.ServiceType == typeof(FileSearch.Aws.S3ObjectStore));
    }

    [Theory]
    [InlineData(null, typeof(ResNet18ImageEmbedder))]
    [InlineData("local", typeof(ResNet18ImageEmbedder))]
    [InlineData("resnet18", typeof(ResNet18ImageEmbedder))]
    [InlineData("descriptor", typeof(LocalImageEmbedder))]
    [InlineData("bedrock", typeof(BedrockImageEmbedder))]
    [InlineData("none", typeof(NullImageEmbedder))]
    public void AddFileSearch_EmbedderBackend_RegistersItsAdapter(string? embedder, Type expected)
    {
        var values = new Dictionary<string, string?> { ["Backends:Embedder"] = embedder };
        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddFileSearch(config);
        using var provider = services.BuildServiceProvider();

        var embedders = provider.GetServices<IImageEmbedder>();

        Assert.IsType(expected, Assert.IsType<ResilientImageEmbedder>(Assert.Single(embedders)).Inner);
    }

    [Fact]
    public async Task AddFileSearch_DefaultBackends_EveryPortDecoratedWithResilience()
    {
        using var dir = new FileSearch.Testing.TempDirectory("fs-resilience-host");
        var values = new Dictionary<string, string?>(FileSearchHost.DerivedPaths(dir.Path));
        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddFileSearch(config);
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<ResilientMessageQueue>(provider.GetRequiredService<IMessageQueue>());
        Assert.IsType<ResilientObjectStore>(provider.GetRequiredService<IObjectStore>());
        Assert.IsType<ResilientMetadataStore>(provider.GetRequiredService<IMetadataStore>());
        Assert.IsType<LuceneSearchIndex>(Assert.IsType<ResilientSearchIndex>(provider.GetRequiredService<ISearchIndex>()).Inner);
        Assert.IsType<ResilientImageEmbedder>(provider.GetRequiredService<IImageEmbedder>());
    }

    [Theory]
    [InlineData("local", 512)]
    [InlineData("descriptor", 140)]
    [InlineData("none", 1024)]
    public void AddFileSearch_OpenSearchIndex_VectorFieldFollowsEmbedderDimension(string embedder, int dimension)
    {
        var values = new Dictionary<string, string?>
        {
            ["Backends:Index"] = "opensearch",
            ["Backends:Embedder"] = embedder,
            ["OpenSearch:Endpoint"] = "http://localhost:9200",
        };
        var services = new ServiceCollection().AddLogging();
        services.AddFileSearch(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<FileSearch.Search.OpenSearch.OpenSearchOptions>>().Value;

        Assert.Equal(dimension, options.VectorDimension);
    }

    [Fact]
    public void AddFileSearch_OpenSearchIndex_RegistersOpenSearchAdapterOnly()
    {
        var values = new Dictionary<string, string?> { ["Backends:Index"] = "opensearch", ["OpenSearch:Endpoint"] = "http://localhost:9200" };
        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddFileSearch(config);
        using var provider = services.BuildServiceProvider();

        // Every index adapter is wrapped by the resilience decorator (issue 7); the adapter inside must be OpenSearch's.
        var index = Assert.IsType<ResilientSearchIndex>(Assert.Single(provider.GetServices<FileSearch.Core.Ports.ISearchIndex>()));
        Assert.IsType<FileSearch.Search.OpenSearch.OpenSearchSearchIndex>(index.Inner);

        // reindex --all rebuilds side by side and swaps the alias on OpenSearch.
        Assert.Same(index.Inner, provider.GetRequiredService<FileSearch.Core.Ports.ISearchIndexVersioning>());
    }
}
