using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Pipeline.Reindexing;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Core.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.DependencyInjection;

/// <summary>Registers the pipeline (options, stages in order, processor) and the worker that feeds it (message handler, queue worker).</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the document pipeline. Adapters (queue, object store, metadata, index, detector, extractors) come
    /// from their own <c>Add*</c> methods; an embedder and a thumbnailer fall back to documented no-op defaults.
    /// Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddFileSearchPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PipelineOptions>().Bind(configuration.GetSection(PipelineOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WorkerOptions>().Bind(configuration.GetSection(WorkerOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IErrorClassifier, DefaultErrorClassifier>();
        services.TryAddSingleton<IImageEmbedder, NullImageEmbedder>();
        services.TryAddSingleton<IThumbnailer, NullThumbnailer>();
        services.TryAddSingleton<TempWorkspace>();
        services.TryAddSingleton<DocumentLifecycle>();
        services.TryAddSingleton<DocumentOriginals>();
        services.AddOptions<PermissionOptions>().Bind(configuration.GetSection(PermissionOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PermissionOptions>, PermissionOptionsValidator>());
        services.TryAddSingleton<PermissionResolver>();
        services.TryAddSingleton<DownloadStage>();
        services.TryAddSingleton<DetectTypeStage>();
        services.TryAddSingleton<ExtractTextStage>();
        services.TryAddSingleton<ThumbnailStage>();
        services.TryAddSingleton<EmbeddingStage>();
        services.TryAddSingleton<IndexStage>();
        services.TryAddSingleton<ChildDocumentsStage>();
        services.TryAddSingleton(sp => new DocumentProcessor(
            [
                sp.GetRequiredService<DownloadStage>(),
                sp.GetRequiredService<DetectTypeStage>(),
                sp.GetRequiredService<ExtractTextStage>(),
                sp.GetRequiredService<ThumbnailStage>(),
                sp.GetRequiredService<EmbeddingStage>(),
                sp.GetRequiredService<IndexStage>(),
                sp.GetRequiredService<ChildDocumentsStage>(),
            ],
            sp.GetRequiredService<IMetadataStore>(),
            sp.GetRequiredService<DocumentLifecycle>(),
            sp.GetRequiredService<TempWorkspace>(),
            sp.GetRequiredService<IErrorClassifier>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DocumentProcessor>>(),
            sp.GetRequiredService<PermissionResolver>(),
            sp.GetRequiredService<PermissionUpdater>(),
            sp.GetService<IObjectStore>(),
            sp.GetRequiredService<IOptions<PipelineOptions>>()));
        services.TryAddSingleton<PermissionUpdater>();
        services.AddOptions<ReindexOptions>().Bind(configuration.GetSection(ReindexOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IndexRebuilder>();
        services.TryAddSingleton<VectorBackfiller>();
        services.TryAddSingleton<HashBackfiller>();
        services.TryAddSingleton<MessageHandler>();
        services.TryAddSingleton<IFreeSpaceProbe, DriveFreeSpaceProbe>();
        services.TryAddSingleton<DiskSpaceGuard>();
        services.TryAddSingleton<WorkerSlots>();
        services.TryAddSingleton<QueueWorker>();
        return services;
    }

    /// <summary>
    /// Declares the order in which the extract stage asks the text extractors (the first that accepts a kind wins), in one
    /// place; replaces an earlier order.
    /// </summary>
    public static IServiceCollection AddTextExtractorOrder(this IServiceCollection services, params Type[] extractorTypes)
    {
        ArgumentNullException.ThrowIfNull(extractorTypes);
        services.RemoveAll<ExtractorOrder>();
        services.AddSingleton(new ExtractorOrder(extractorTypes));
        return services;
    }

    /// <summary>
    /// Runs the queue worker and the PENDING_INDEX drainer as hosted services (the long-running <c>worker</c> command),
    /// after claiming (and if damaged, rebuilding) a local index.
    /// </summary>
    public static IServiceCollection AddFileSearchWorkerHost(this IServiceCollection services)
    {
        // First: local stores are checked, then the index is claimed (and rebuilt if damaged), before any message is taken.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, StorageCheckService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, IndexClaimService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, WorkerHostedService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, PendingIndexDrainer>());
        return services;
    }
}
