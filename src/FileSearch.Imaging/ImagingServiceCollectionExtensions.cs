using FileSearch.Core.Ports;
using FileSearch.Imaging.Internals;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FileSearch.Imaging;

/// <summary>Registers the libvips imaging adapter.</summary>
public static class ImagingServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="ThumbnailOptions"/> from the <c>Thumbnails</c> section (validated at start) and registers
    /// <see cref="VipsRuntime"/> (hardened at host start), <see cref="PageImageLoader"/> and
    /// <see cref="NetVipsThumbnailer"/> as an <see cref="IThumbnailer"/>, and <see cref="PlaceholderCards"/> for the
    /// previews drawn on request. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddImaging(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(VipsRuntime)))
        {
            return services;
        }

        var section = configuration.GetSection(ThumbnailOptions.SectionName);
        services.AddOptions<ThumbnailOptions>()
            .Bind(section)
            .Configure(options =>
            {
                // The binder appends configured items to the default list; configured sizes replace it instead.
                var sizes = section.GetSection(nameof(ThumbnailOptions.Sizes)).Get<int[]>();
                if (sizes is { Length: > 0 })
                {
                    options.Sizes = sizes;
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<VipsRuntime>();
        services.TryAddSingleton<PageImageLoader>();
        services.TryAddSingleton<NetVipsThumbnailer>();
        services.TryAddSingleton<PlaceholderCards>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IThumbnailer, NetVipsThumbnailer>(
            sp => sp.GetRequiredService<NetVipsThumbnailer>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, VipsStartup>());
        return services;
    }

    /// <summary>
    /// Registers <see cref="LocalImageEmbedder"/> (the non-semantic libvips visual descriptor) as the
    /// <see cref="IImageEmbedder"/>, plus everything <see cref="AddImaging"/> registers. Call it before the pipeline
    /// registration, which only adds the null embedder when none is registered. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddLocalImageEmbedder(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddImaging(configuration);
        services.TryAddSingleton<LocalImageEmbedder>();
        services.TryAddSingleton<IImageEmbedder>(sp => sp.GetRequiredService<LocalImageEmbedder>());
        return services;
    }
}
