using FileSearch.Core.Ports;
using FileSearch.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Embedded.Tests;

[Trait("Category", "Integration")]
public sealed class EmbeddedStorageServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDirectory _directory = new("fs-di");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AddEmbeddedStorage_CalledTwice_OneSingletonPerPort()
    {
        var services = CreateServices(new() { ["Embedded:DataDirectory"] = _directory.Path, ["Embedded:MaxReceiveCount"] = "3" });
        services.AddEmbeddedStorage(Configuration(new() { ["Embedded:DataDirectory"] = _directory.Path }));

        await using var provider = services.BuildServiceProvider(validateScopes: true);
        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Single(services, d => d.ServiceType == typeof(IMessageQueue));
        Assert.Same(provider.GetRequiredService<SqliteMessageQueue>(), provider.GetRequiredService<IMessageQueue>());
        Assert.Same(provider.GetRequiredService<SqliteMetadataStore>(), provider.GetRequiredService<IMetadataStore>());
        Assert.Same(provider.GetRequiredService<FolderObjectStore>(), provider.GetRequiredService<IObjectStore>());
        Assert.Equal(3, provider.GetRequiredService<IOptions<EmbeddedStorageOptions>>().Value.MaxReceiveCount);
        await provider.GetRequiredService<IMessageQueue>().SendAsync("wired", CancellationToken.None);
        Assert.True(File.Exists(Path.Combine(_directory.Path, "queue.db")));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("0", null)]
    [InlineData(null, "00:00:00.001")]
    public void AddEmbeddedStorage_InvalidOptions_FailsAtStart(string? maxReceiveCount, string? pollInterval)
    {
        var values = new Dictionary<string, string?>
        {
            ["Embedded:DataDirectory"] = maxReceiveCount is null && pollInterval is null ? null : _directory.Path,
            ["Embedded:MaxReceiveCount"] = maxReceiveCount,
            ["Embedded:QueuePollInterval"] = pollInterval,
        };
        using var provider = CreateServices(values).BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    private static ServiceCollection CreateServices(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddEmbeddedStorage(Configuration(values));
        return services;
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
