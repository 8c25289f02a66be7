using System.ComponentModel.DataAnnotations;
using FileSearch.Core.Ports;
using FileSearch.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FileSearch.Embeddings.Onnx.Tests;

[Trait("Category", "Unit")]
public sealed class OnnxEmbeddingOptionsTests
{
    [Fact]
    public void Validate_Defaults_ModelFilesCopiedBesideTheApplication()
    {
        var options = new OnnxEmbeddingOptions();

        Assert.Empty(Errors(options));
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "models", "resnet18", "ResNet18.onnx")));
    }

    [Fact]
    public void Validate_FolderWithoutModel_NamesTheMissingFile()
    {
        using var empty = new TempDirectory("fs-no-model");

        var errors = Errors(new OnnxEmbeddingOptions { ModelDirectory = empty.Path });

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.ErrorMessage!.Contains("ResNet18.onnx", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 1, 8)]
    [InlineData(1, 0, 8)]
    [InlineData(1, 1, 0)]
    public void Validate_OutOfRange_Fails(int concurrency, int threads, int batch)
    {
        var options = new OnnxEmbeddingOptions { MaxConcurrency = concurrency, IntraOpThreads = threads, MaxBatchSize = batch };

        Assert.NotEmpty(Errors(options));
    }

    [Fact]
    public void AddResNet18ImageEmbedder_MissingModelFolder_HostFailsAtStart()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Onnx:ModelDirectory"] = "/nonexistent" }).Build();
        using var provider = new ServiceCollection().AddLogging().AddResNet18ImageEmbedder(config).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OnnxEmbeddingOptions>>().Value);
        Assert.Contains("/nonexistent", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void AddResNet18ImageEmbedder_CalledTwice_OneSingletonEmbedder()
    {
        var config = new ConfigurationBuilder().Build();
        using var provider = new ServiceCollection().AddLogging().AddResNet18ImageEmbedder(config).AddResNet18ImageEmbedder(config).BuildServiceProvider();

        var embedder = Assert.IsType<ResNet18ImageEmbedder>(Assert.Single(provider.GetServices<IImageEmbedder>()));
        Assert.Same(embedder, provider.GetRequiredService<ResNet18ImageEmbedder>());
        Assert.Equal(512, embedder.Dimension);
    }

    private static List<ValidationResult> Errors(OnnxEmbeddingOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
