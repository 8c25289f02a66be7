using FileSearch.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FileSearch.Embedded;

/// <summary>Registers the embedded storage adapters.</summary>
public static class EmbeddedStorageServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="EmbeddedStorageOptions"/> from the <c>Embedded</c> section (validated at start) and registers
    /// <see cref="SqliteMessageQueue"/> as <see cref="IMessageQueue"/>, <see cref="SqliteMetadataStore"/> as
    /// <see cref="IMetadataStore"/> and <see cref="FolderObjectStore"/> (also as itself, for bucket registration) as
    /// <see cref="IObjectStore"/>, all singletons. Registrations already present are kept; safe to call twice.
    /// </summary>
    public static IServiceCollection AddEmbeddedStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<EmbeddedStorageOptions>()
            .Bind(configuration.GetSection(EmbeddedStorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteMessageQueue>();
        services.TryAddSingleton<SqliteMetadataStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStorageIntegrity, SqliteMessageQueue>(sp => sp.GetRequiredService<SqliteMessageQueue>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStorageIntegrity, SqliteMetadataStore>(sp => sp.GetRequiredService<SqliteMetadataStore>()));
        services.TryAddSingleton<FolderObjectStore>();
        services.TryAddSingleton<IMessageQueue>(sp => sp.GetRequiredService<SqliteMessageQueue>());
        services.TryAddSingleton<IMetadataStore>(sp => sp.GetRequiredService<SqliteMetadataStore>());
        services.TryAddSingleton<IObjectStore>(sp => sp.GetRequiredService<FolderObjectStore>());
        return services;
    }
}
