using FileSearch.Aws.Signing;
using FileSearch.Core.Resilience;
using FileSearch.Imaging;
using FileSearch.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Embeddings.Bedrock.Tests;

/// <summary>The emulator plus a temp folder; builds clients and embedders against it.</summary>
internal sealed class BedrockFixture : IAsyncDisposable
{
    private readonly List<HttpClient> _clients = [];

    private BedrockFixture(BedrockEmulator emulator) => Emulator = emulator;

    public BedrockEmulator Emulator { get; }

    public TempDirectory Temp { get; } = new("fs-bedrock");

    public static async Task<BedrockFixture> StartAsync() => new(await BedrockEmulator.StartAsync());

    public BedrockEmbeddingOptions Options(Action<BedrockEmbeddingOptions>? configure = null)
    {
        var options = new BedrockEmbeddingOptions
        {
            Region = Emulator.Region,
            Endpoint = Emulator.Endpoint,
            InitialBackoff = TimeSpan.Zero,
            MaxBackoff = TimeSpan.Zero,
            MaxAttempts = 4,
            InitialRequestsPerSecond = 400,
            MinRequestsPerSecond = 1,
            MaxRequestsPerSecond = 1000,
            RequestTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return options;
    }

    public BedrockTitanClient CreateClient(BedrockEmbeddingOptions options, string region = "")
    {
        var signer = new SigV4SigningHandler(new StaticAwsCredentialsSource("AKID", "SECRET"), "bedrock",
            region.Length > 0 ? region : options.Region, TimeProvider.System)
        { InnerHandler = new SocketsHttpHandler() };
        var http = new HttpClient(signer);
        _clients.Add(http);
        var limiter = new AimdRateLimiter("Bedrock", options.ToRateLimiterOptions(), TimeProvider.System);
        return new BedrockTitanClient(http, Microsoft.Extensions.Options.Options.Create(options), limiter, TimeProvider.System,
            NullLogger<BedrockTitanClient>.Instance);
    }

    public BedrockImageEmbedder CreateEmbedder(BedrockEmbeddingOptions options) => CreateEmbedderFor(CreateClient(options), options);

    public BedrockImageEmbedder CreateEmbedderFor(BedrockTitanClient client, BedrockEmbeddingOptions? options = null) =>
        new(client, new VipsRuntime(), Microsoft.Extensions.Options.Options.Create(options ?? Options()),
            NullLogger<BedrockImageEmbedder>.Instance);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        Temp.Dispose();
        await Emulator.DisposeAsync();
    }
}
