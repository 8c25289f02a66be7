using FileSearch.Aws.Signing;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Search.OpenSearch;

/// <summary>Registers the OpenSearch index.</summary>
public static class OpenSearchServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="OpenSearchOptions"/> from <c>OpenSearch</c> (validated at start) and registers
    /// <see cref="OpenSearchSearchIndex"/> as the singleton <see cref="ISearchIndex"/>. With <c>Auth = SigV4</c> requests
    /// are signed for <c>OpenSearch:Service</c> with an <see cref="IAwsCredentialsSource"/> already registered, else the
    /// SDK default chain. Also registers it as <see cref="ISearchIndexVersioning"/>, so <c>reindex --all</c> fills a new
    /// versioned index and swaps the alias. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddOpenSearchIndex(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OpenSearchOptions>()
            .Bind(configuration.GetSection(OpenSearchOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAwsCredentialsSource, DefaultAwsCredentialsSource>();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<OpenSearchOptions>>();
            var time = sp.GetRequiredService<TimeProvider>();
            HttpMessageHandler handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
            if (options.Value.Auth == OpenSearchAuthMode.SigV4)
            {
                handler = new SigV4SigningHandler(sp.GetRequiredService<IAwsCredentialsSource>(), options.Value.Service,
                    options.Value.Region, time)
                { InnerHandler = handler };
            }

            // Per-request time limits are the transport's (OpenSearch:RequestTimeout).
            var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
            return new OpenSearchSearchIndex(http, options, time, sp.GetRequiredService<ILogger<OpenSearchSearchIndex>>());
        });
        services.TryAddSingleton<ISearchIndex>(sp => sp.GetRequiredService<OpenSearchSearchIndex>());
        services.TryAddSingleton<ISearchIndexVersioning>(sp => sp.GetRequiredService<OpenSearchSearchIndex>());
        return services;
    }
}
