using FileSearch.Aws.Signing;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Core.Resilience;
using FileSearch.Imaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Embeddings.Bedrock;

/// <summary>Registers the Bedrock Titan embedding adapter.</summary>
public static class BedrockServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="BedrockEmbeddingOptions"/> from <c>Bedrock</c> (validated at start: unknown model or
    /// dimension fails the host), registers the SigV4-signed <see cref="BedrockTitanClient"/>, its
    /// <see cref="AimdRateLimiter"/> (Core's, metered as dependency <c>Bedrock</c>), and <see cref="BedrockImageEmbedder"/> as the <see cref="IImageEmbedder"/>
    /// (plus libvips through <c>AddImaging</c>). Credentials: an <see cref="IAwsCredentialsSource"/> already
    /// registered, else the SDK default chain. Call before the pipeline registration. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddBedrockEmbeddings(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(BedrockTitanClient)))
        {
            return services;
        }

        services.AddOptions<BedrockEmbeddingOptions>()
            .Bind(configuration.GetSection(BedrockEmbeddingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddImaging(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAwsCredentialsSource, DefaultAwsCredentialsSource>();
        services.TryAddSingleton<ResilienceMetrics>();
        services.TryAddSingleton(sp => new AimdRateLimiter("Bedrock", sp.GetRequiredService<IOptions<BedrockEmbeddingOptions>>().Value.ToRateLimiterOptions(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ResilienceMetrics>()));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BedrockEmbeddingOptions>>();
            var time = sp.GetRequiredService<TimeProvider>();
            var signer = new SigV4SigningHandler(sp.GetRequiredService<IAwsCredentialsSource>(), "bedrock", options.Value.Region, time)
            {
                InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
            };

            // Per-attempt time limits are the invoker's; the client itself never times out.
            var http = new HttpClient(signer) { Timeout = Timeout.InfiniteTimeSpan };
            return new BedrockTitanClient(http, options, sp.GetRequiredService<AimdRateLimiter>(), time,
                sp.GetRequiredService<ILogger<BedrockTitanClient>>(), sp.GetService<IErrorClassifier>());
        });
        services.TryAddSingleton<BedrockImageEmbedder>();
        services.TryAddSingleton<IImageEmbedder>(sp => sp.GetRequiredService<BedrockImageEmbedder>());
        return services;
    }
}
