using FileSearch.Core.Ports;
using FileSearch.Imaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FileSearch.Embeddings.Onnx;

/// <summary>Registers the ONNX Runtime image embedder.</summary>
public static class OnnxServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="OnnxEmbeddingOptions"/> from <c>Onnx</c> (validated at start: the model files must exist) and
    /// registers <see cref="ResNet18ImageEmbedder"/> (one model per process) as the <see cref="IImageEmbedder"/>, plus
    /// libvips through <c>AddImaging</c>. Call before the pipeline registration. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddResNet18ImageEmbedder(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(ResNet18ImageEmbedder)))
        {
            return services;
        }

        services.AddOptions<OnnxEmbeddingOptions>()
            .Bind(configuration.GetSection(OnnxEmbeddingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddImaging(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ResNet18ImageEmbedder>();
        services.TryAddSingleton<IImageEmbedder>(sp => sp.GetRequiredService<ResNet18ImageEmbedder>());
        return services;
    }
}
