using FileSearch.Aws;
using FileSearch.Aws.Spot;
using FileSearch.Core.DependencyInjection;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;
using FileSearch.Embedded;
using FileSearch.Embedded.Audit;
using FileSearch.Embedded.Permissions;
using FileSearch.Embeddings.Bedrock;
using FileSearch.Embeddings.Onnx;
using FileSearch.Extraction;
using FileSearch.Imaging;
using FileSearch.Ocr.Tesseract;
using FileSearch.Scaling.Metrics;
using FileSearch.Scaling.Scaler;
using FileSearch.Search.Lucene;
using FileSearch.Search.OpenSearch;
using FileSearch.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace FileSearch.Hosting;

/// <summary>Builds the generic host every command runs in: configuration, logging and the embedded adapters.</summary>
public static class FileSearchHost
{
    /// <summary>
    /// Configuration sources, later wins: paths derived from the data directory, appsettings.json next to
    /// the program, an optional <c>{data-dir}/appsettings.json</c>, then environment variables prefixed
    /// <c>FILESEARCH_</c> (<c>FILESEARCH_Worker__Concurrency=4</c>).
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(CliContext context, LogLevel defaultLogLevel, bool worker = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        Configure(builder, context, defaultLogLevel, worker);
        return builder;
    }

    /// <summary>
    /// Configures any host builder (the generic host of the commands, the web host of the server) as
    /// <see cref="CreateBuilder"/> does: its configuration sources are replaced by FileSearch's. <paramref name="overrides"/>
    /// (tests, embedding hosts) is the last source, read before any service is chosen, so it can pick backends too.
    /// </summary>
    public static void Configure(IHostApplicationBuilder builder, CliContext context, LogLevel defaultLogLevel, bool worker = false,
        IReadOnlyDictionary<string, string?>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(context);
        var config = builder.Configuration;
        config.Sources.Clear();
        config.AddInMemoryCollection(DerivedPaths(context.DataDirectory));
        config.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        config.AddJsonFile(Path.Combine(context.DataDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        config.AddEnvironmentVariables("FILESEARCH_");
        if (overrides is { Count: > 0 })
        {
            config.AddInMemoryCollection(overrides);
        }

        // Before anything is written: the data directory (extracted text, index, caches, temp copies) is private.
        PrivateDataDirectory.Prepare(context.DataDirectory, config.GetValue<bool>(PrivateDataDirectory.AllowGroupAccessKey));

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        builder.Logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // The command decides the level (ingest shows failures in its summary, the worker logs progress);
        // a "Logging" section in configuration can refine it per category.
        var level = context.Verbose ? LogLevel.Debug : defaultLogLevel;
        builder.Logging.SetMinimumLevel(level);
        builder.Logging.AddFilter("Microsoft", level < LogLevel.Warning ? LogLevel.Warning : level);
        builder.Logging.AddConfiguration(config.GetSection("Logging"));

        builder.Services.AddFileSearch(config);
        // OpenTelemetry: traces of every command over OTLP when configured; the worker's metrics (Prometheus, OTLP) too.
        builder.Services.AddFileSearchTelemetry(config, worker);
        if (worker)
        {
            builder.Services.AddFileSearchWorkerHost();
            builder.Services.AddWorkerMetrics(config);
            if (config.GetSection(ScalerOptions.SectionName).GetValue<bool>(nameof(ScalerOptions.ProtectWhileBusy)))
            {
                builder.Services.AddScaler(config, worker: true);
            }
            builder.Services.AddAwsResourceCheck();
            // Spot notices come from the EC2 instance metadata service (a link-local address): asked by default only
            // where the worker consumes SQS, i.e. runs on AWS; an embedded single-machine worker does not probe it.
            if (config["Spot:Enabled"] is null && BackendSelection.From(config).Queue != "sqs")
            {
                config["Spot:Enabled"] = "false";
            }

            builder.Services.AddSpotInterruptionMonitor(config);
            var drain = config.GetSection(WorkerOptions.SectionName).GetValue<TimeSpan?>(nameof(WorkerOptions.DrainTimeout)) ?? TimeSpan.FromSeconds(30);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = drain + TimeSpan.FromSeconds(15));
        }
    }

    /// <summary>
    /// Registers the pipeline and, per port, the adapter chosen in the <c>Backends</c> section
    /// (embedded single-machine adapters by default).
    /// </summary>
    public static IServiceCollection AddFileSearch(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        var backends = BackendSelection.From(configuration);
        services.AddSingleton(backends);

        // Before the pipeline, which falls back to the null embedder when none is registered.
        switch (backends.Embedder)
        {
            case "local" or "resnet18":
                services.AddResNet18ImageEmbedder(configuration);
                break;
            case "descriptor":
                services.AddLocalImageEmbedder(configuration);
                break;
            case "bedrock":
                services.AddBedrockEmbeddings(configuration);
                break;
        }

        services.AddFileSearchPipeline(configuration);
        services.AddAuditTrail(configuration);
        // ingest reads who may read each file from the file system itself (mode bits, POSIX ACLs, traverse on folders).
        if (OperatingSystem.IsLinux())
        {
            services.TryAddSingleton<IPermissionSource, PosixPermissionSource>();
        }

        services.AddDocumentExtraction(configuration);
        services.AddImaging(configuration);
        services.AddTesseractOcr(configuration);

        // Adapters registered first win (TryAdd): the chosen backend of each port is added before the embedded
        // storage, which fills whatever is left. Each AWS adapter family adds its case here.
        switch (backends.Index)
        {
            case "lucene":
                services.AddLuceneSearchIndex(configuration);
                break;
            case "opensearch":
                services.AddOpenSearchIndex(configuration);
                break;
        }

        var aws = (backends.Queue == "sqs" ? AwsBackends.Queue : AwsBackends.None)
            | (backends.ObjectStore == "s3" ? AwsBackends.ObjectStore : AwsBackends.None)
            | (backends.Metadata == "dynamodb" ? AwsBackends.Metadata : AwsBackends.None);
        services.AddAwsBackends(configuration, aws);

        if (backends.Queue == "sqlite" || backends.ObjectStore == "folder" || backends.Metadata == "sqlite")
        {
            services.AddEmbeddedStorage(configuration);
        }

        // The extract stage asks the extractors in this order, the first that accepts a file's kind extracts it: PDFs go to
        // the scanned-PDF extractor (text layer where a page has one, OCR where not) before the text-layer-only one.
        services.AddTextExtractorOrder(
            typeof(ScannedPdfTextExtractor),
            typeof(PlainTextExtractor),
            typeof(OpenXmlTextExtractor),
            typeof(LegacyOfficeTextExtractor),
            typeof(OpenDocumentTextExtractor),
            typeof(RtfTextExtractor),
            typeof(MarkupTextExtractor),
            typeof(EmailTextExtractor),
            typeof(IchitaroTextExtractor),
            typeof(LhaTextExtractor),
            typeof(OcrTextExtractor),
            typeof(PdfTextExtractor));

        // Last: every port's adapter is registered now, and each gets its retry/breaker/timeout decorator.
        services.AddFileSearchResilience(configuration);
        return services;
    }

    internal static Dictionary<string, string?> DerivedPaths(string dataDirectory) => new()
    {
        ["Embedded:DataDirectory"] = dataDirectory,
        ["Lucene:IndexDirectory"] = Path.Combine(dataDirectory, "index"),
        ["Pipeline:TempDirectory"] = Path.Combine(dataDirectory, "tmp"),
        ["Worker:DiskSpacePaths:0"] = dataDirectory,
        ["Spot:StateFile"] = Path.Combine(dataDirectory, "worker-state.json"),
        ["Ocr:PageCacheFile"] = Path.Combine(dataDirectory, "ocr-pages.db"),
        ["Audit:Directory"] = Path.Combine(dataDirectory, "audit"),
        ["Extraction:LibreOffice:WorkDirectory"] = Path.Combine(dataDirectory, "libreoffice"),
    };
}
