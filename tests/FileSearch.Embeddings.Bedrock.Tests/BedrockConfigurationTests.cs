using FileSearch.Aws.Signing;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FileSearch.Embeddings.Bedrock.Tests;

[Trait("Category", "Unit")]
public sealed class BedrockConfigurationTests
{
    [Theory]
    [InlineData("amazon.titan-embed-image-v1", null, 1024)]
    [InlineData("amazon.titan-embed-image-v1", "384", 384)]
    [InlineData("amazon.titan-embed-text-v1", null, 1536)]
    [InlineData("amazon.titan-embed-text-v2:0", "256", 256)]
    public void AddBedrockEmbeddings_KnownModel_ResolvesDimension(string model, string? dimension, int expected)
    {
        using var provider = Build(("Bedrock:ModelId", model), ("Bedrock:Dimension", dimension));

        var client = provider.GetRequiredService<BedrockTitanClient>();

        Assert.Equal(expected, client.Dimension);
        Assert.Equal($"https://bedrock-runtime.eu-west-1.amazonaws.com/model/{Uri.EscapeDataString(model)}/invoke", client.InvokeUri.AbsoluteUri);
    }

    [Theory]
    [InlineData("amazon.titan-embed-image-v2", null, "not a known Titan embedding model")]
    [InlineData("amazon.titan-embed-image-v1", "512", "Bedrock:Dimension 512 is not offered")]
    [InlineData("amazon.titan-embed-text-v1", "1024", "use one of 1536")]
    public void AddBedrockEmbeddings_UnknownModelOrDimension_ConfigurationError(string model, string? dimension, string message)
    {
        using var provider = Build(("Bedrock:ModelId", model), ("Bedrock:Dimension", dimension));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<BedrockEmbeddingOptions>>().Value);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddBedrockEmbeddings_RatesOutOfOrder_ConfigurationError()
    {
        using var provider = Build(("Bedrock:MinRequestsPerSecond", "10"), ("Bedrock:InitialRequestsPerSecond", "5"));

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<BedrockEmbeddingOptions>>().Value);
    }

    [Fact]
    public void AddBedrockEmbeddings_CalledTwice_OneEmbedderThatTakesImages()
    {
        var config = Config();
        var services = new ServiceCollection().AddLogging();
        services.AddBedrockEmbeddings(config).AddBedrockEmbeddings(config);
        using var provider = services.BuildServiceProvider();

        var embedder = Assert.IsType<BedrockImageEmbedder>(Assert.Single(provider.GetServices<IImageEmbedder>()));
        Assert.Equal(1024, embedder.Dimension);
        Assert.True(embedder.CanEmbed(FileKind.Heic));
        Assert.IsType<DefaultAwsCredentialsSource>(provider.GetRequiredService<IAwsCredentialsSource>());
        Assert.Equal(5, provider.GetRequiredService<AimdRateLimiter>().CurrentRate);
    }

    [Fact]
    public async Task TextModel_EmbedsNoImages()
    {
        using var provider = Build(("Bedrock:ModelId", TitanModels.TextV1));
        var embedder = provider.GetRequiredService<IImageEmbedder>();

        Assert.Equal(0, embedder.Dimension);
        Assert.False(embedder.CanEmbed(FileKind.Png));
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => provider.GetRequiredService<BedrockTitanClient>().EmbedImageAsync(new byte[] { 1 }, CancellationToken.None));
    }

    [Theory]
    [InlineData("{}", "bedrock-bad-response")]
    [InlineData("not json", "bedrock-bad-response")]
    [InlineData("{\"embedding\":[0,0]}", "bedrock-bad-response")]
    [InlineData("{\"embedding\":[1,2,3]}", "embedding-dimension-mismatch")]
    public void ParseEmbedding_BadAnswer_Retryable(string json, string code)
    {
        var error = Assert.Throws<Core.Errors.ProcessingException>(() => Internals.BedrockInvoker.ParseEmbedding(json, 2));

        Assert.Equal(code, error.Code);
    }

    private static ServiceProvider Build(params (string Key, string? Value)[] values)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddBedrockEmbeddings(Config(values));
        return services.BuildServiceProvider();
    }

    private static IConfiguration Config(params (string Key, string? Value)[] values) => new ConfigurationBuilder()
        .AddInMemoryCollection(values.Where(v => v.Value is not null).Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))
            .Append(new("Bedrock:Region", "eu-west-1")))
        .Build();
}
