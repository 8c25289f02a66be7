using FileSearch.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Search.Lucene;

/// <summary>Registers the embedded Lucene index.</summary>
public static class LuceneServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="LuceneIndexOptions"/> from the <c>Lucene</c> section (validated at start) and registers
    /// <see cref="LuceneSearchIndex"/> as the singleton <see cref="ISearchIndex"/> and <see cref="ISingleWriterIndex"/> with the analysis chosen by
    /// <c>Lucene:Analysis</c> (MeCab by default, see <see cref="TextAnalysisSelector"/>) unless another
    /// <see cref="ITextAnalysis"/> is registered first.
    /// The container disposes the index on shutdown, which commits and releases the write lock. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddLuceneSearchIndex(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<LuceneIndexOptions>()
            .Bind(configuration.GetSection(LuceneIndexOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITextAnalysis>(sp => TextAnalysisSelector.Create(
            sp.GetRequiredService<IOptions<LuceneIndexOptions>>().Value,
            sp.GetRequiredService<ILogger<LuceneSearchIndex>>()));
        services.TryAddSingleton<LuceneSearchIndex>();
        services.TryAddSingleton<ISearchIndex>(sp => sp.GetRequiredService<LuceneSearchIndex>());
        services.TryAddSingleton<ISingleWriterIndex>(sp => sp.GetRequiredService<LuceneSearchIndex>());
        return services;
    }
}
