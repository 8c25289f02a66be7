using FileSearch.Core.Ports;
using FileSearch.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Search.Lucene.Tests;

[Trait("Category", "Unit")]
public sealed class LuceneServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDirectory _temp = new("lucene-di");

    public void Dispose() => _temp.Dispose();

    private static ServiceProvider Build(Dictionary<string, string?> settings, int calls = 1)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        for (var i = 0; i < calls; i++)
        {
            services.AddLuceneSearchIndex(configuration);
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public async Task AddLuceneSearchIndex_CalledTwice_RegistersOneSingletonWithBoundOptions()
    {
        await using var provider = Build(
            new()
            {
                ["Lucene:IndexDirectory"] = _temp.Combine("index"),
                ["Lucene:RamBufferSizeMb"] = "16",
                ["Lucene:MaxSnippetChars"] = "200",
            },
            calls: 2);

        var index = provider.GetRequiredService<ISearchIndex>();

        Assert.IsType<LuceneSearchIndex>(index);
        Assert.Same(index, provider.GetRequiredService<ISearchIndex>());
        Assert.IsType<MecabTextAnalysis>(provider.GetRequiredService<ITextAnalysis>());
        var options = provider.GetRequiredService<IOptions<LuceneIndexOptions>>().Value;
        Assert.Equal(16, options.RamBufferSizeMb);
        Assert.Equal(200, options.MaxSnippetChars);
        Assert.Equal(100_000, options.MaxSnippetAnalyzedChars);
        Assert.Equal(TimeSpan.FromSeconds(5), options.WriteLockTimeout);
    }

    [Theory]
    [InlineData(null, "48")]
    [InlineData("", "48")]
    [InlineData("dir", "0")]
    [InlineData("dir", "100000")]
    public void AddLuceneSearchIndex_InvalidOptions_FailStartupValidation(string? directory, string ramBuffer)
    {
        using var provider = Build(new() { ["Lucene:IndexDirectory"] = directory, ["Lucene:RamBufferSizeMb"] = ramBuffer });

        var validator = provider.GetRequiredService<IStartupValidator>();

        Assert.Throws<OptionsValidationException>(validator.Validate);
    }

    [Fact]
    public async Task DisposingProvider_CommitsAndReleasesTheIndex()
    {
        var settings = new Dictionary<string, string?> { ["Lucene:IndexDirectory"] = _temp.Combine("index") };
        await using (var provider = Build(settings))
        {
            var index = provider.GetRequiredService<ISearchIndex>();
            await index.IndexAsync(FileSearch.Testing.Conformance.TestDocuments.Create("a.txt", "closed by the host"), CancellationToken.None);
        }

        await using var next = Build(settings);
        Assert.Equal(1, await next.GetRequiredService<ISearchIndex>().CountAsync(CancellationToken.None));
    }
}
