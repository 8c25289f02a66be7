using System.Net;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Search.OpenSearch.Tests;

/// <summary>The <c>knn_vector</c> mapping sent to OpenSearch takes the registered image embedder's dimension.</summary>
[Trait("Category", "Unit")]
public sealed class OpenSearchVectorDimensionTests
{
    private static ServiceProvider Provider(int? embedderDimension, string? configured = null)
    {
        var settings = new Dictionary<string, string?> { ["OpenSearch:Endpoint"] = "http://localhost:9200" };
        if (configured is not null)
        {
            settings["OpenSearch:VectorDimension"] = configured;
        }

        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        if (embedderDimension is { } dimension)
        {
            services.AddSingleton<IImageEmbedder>(new DimensionOnlyEmbedder(dimension));
        }

        services.AddOpenSearchIndex(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData(512)] // ResNet18, the default local embedder
    [InlineData(140)] // the descriptor
    [InlineData(256)] // Titan with a smaller output
    public async Task EnsureIndexAsync_EmbedderOfDimension_MappingHasThatDimension(int dimension)
    {
        using var provider = Provider(dimension);
        var options = provider.GetRequiredService<IOptions<OpenSearchOptions>>();
        var handler = new RecordingHandler().Respond(HttpStatusCode.NotFound).Respond(HttpStatusCode.OK, """{"acknowledged":true}""");
        using var sut = new OpenSearchSearchIndex(new HttpClient(handler), options, TimeProvider.System, NullLogger<OpenSearchSearchIndex>.Instance);

        await sut.EnsureIndexAsync(CancellationToken.None);

        var mapping = System.Text.Json.Nodes.JsonNode.Parse(handler.Requests[1].Body!)!["mappings"]!["properties"]!["vector"]!;
        Assert.Equal("knn_vector", (string?)mapping["type"]);
        Assert.Equal(dimension, (int?)mapping["dimension"]);
    }

    [Fact]
    public void Options_NoEmbedderVectors_DefaultDimension()
    {
        using var provider = Provider(embedderDimension: 0);

        Assert.Equal(OpenSearchOptions.DefaultVectorDimension, provider.GetRequiredService<IOptions<OpenSearchOptions>>().Value.VectorDimension);
    }

    [Fact]
    public void Options_ConfiguredDimensionOfAnotherEmbedder_FailsValidation()
    {
        using var provider = Provider(embedderDimension: 512, configured: "1024");

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OpenSearchOptions>>().Value);
        Assert.Contains("VectorDimension", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IndexAsync_VectorOfEmbedderDimension_Accepted()
    {
        using var provider = Provider(512);
        var handler = new RecordingHandler();
        using var sut = new OpenSearchSearchIndex(new HttpClient(handler), provider.GetRequiredService<IOptions<OpenSearchOptions>>(),
            TimeProvider.System, NullLogger<OpenSearchSearchIndex>.Instance);
        var document = Testing.Conformance.TestDocuments.Create("写真/猫.jpg", "猫", FileKind.Jpeg) with { Vector = new float[512] };

        await sut.IndexAsync(document, CancellationToken.None);
    }

    /// <summary>An embedder known only by its dimension (the options ask for nothing else).</summary>
    private sealed class DimensionOnlyEmbedder(int dimension) : IImageEmbedder
    {
        public int Dimension => dimension;

        public string ModelId => dimension == 0 ? string.Empty : $"test/{dimension}";

        public bool CanEmbed(FileKind kind) => false;

        public Task<float[]?> EmbedAsync(string imagePath, FileKind kind, CancellationToken cancellationToken) => Task.FromResult<float[]?>(null);
    }
}
