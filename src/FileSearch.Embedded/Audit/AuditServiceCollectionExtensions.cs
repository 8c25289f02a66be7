using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FileSearch.Embedded.Audit;

/// <summary>Registers the audit trail.</summary>
public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AuditLog"/> and, when <c>Audit:Directory</c> is set, the <see cref="JsonLinesAuditSink"/> there.
    /// </summary>
    public static IServiceCollection AddAuditTrail(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuditLog>();
        if (!string.IsNullOrWhiteSpace(configuration[$"{AuditOptions.SectionName}:{nameof(AuditOptions.Directory)}"]))
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuditSink, JsonLinesAuditSink>());
        }

        return services;
    }
}
