using System.Diagnostics;
using FileSearch.Cli.Commands;
using FileSearch.Cli.Ingest;
using FileSearch.Cli.Rendering;
using FileSearch.Core.Domain;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;
using FileSearch.Embedded;
using FileSearch.Hosting.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FileSearch.Bench.Commands.Bench.Pipeline;

/// <summary>
/// The corpus through the real embedded pipeline, as <c>ingest</c> runs it: the folder registered as a read-only
/// bucket, one queue message per file, <see cref="QueueWorker"/> until the queue is empty. The clock runs from the
/// first message sent to the queue being idle. The worker and its stages are constructed before it starts (as the
/// baseline's services are), and the host has created its SQLite databases (<see cref="BenchHost"/>); what engines load
/// lazily (Tesseract models, the index writer) loads inside it, on both sides.
/// </summary>
internal static class PipelineRun
{
    /// <summary>The plan of one corpus: its bucket and the created events (same keys, hence document ids, for both runs).</summary>
    public sealed record Corpus(string Root, string Bucket, IReadOnlyList<FileEvent> Events);

    public static async Task<(RunFigures Figures, Corpus Corpus)> RunAsync(string root, int? concurrency, bool verbose, CancellationToken cancellationToken)
    {
        var observer = new PipelineObserver();
        var host = await BenchHost.StartAsync(verbose, concurrency, services =>
        {
            services.TryAddSingleton<IngestProgress>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IProcessingObserver, IngestProgress>(sp => sp.GetRequiredService<IngestProgress>()));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IProcessingObserver>(observer));
        }, cancellationToken).ConfigureAwait(false);
        await using (host.ConfigureAwait(false))
        {
            var services = host.Services;
            var corpus = await PlanAsync(services, root, cancellationToken).ConfigureAwait(false);
            var bucket = corpus.Bucket;

            // The worker and its stages are built before the clock starts, as the baseline's services are: what both clocks
            // measure is processing, not constructing engines (the image model loads in the constructor, 2 s here).
            var worker = services.Get<QueueWorker>();
            var queue = services.Get<IMessageQueue>();
            ProcessMemory.ResetPeak();
            var (started, cpu) = (Stopwatch.GetTimestamp(), CpuClock.Now());
            foreach (var chunk in corpus.Events.Select(IngestPlanner.ToMessage).Chunk(10))
            {
                await queue.SendBatchAsync(chunk, cancellationToken).ConfigureAwait(false);
            }

            var (wall, used) = (TimeSpan.Zero, TimeSpan.Zero);
            await IngestDisplay.RunAsync(services.Get<IngestProgress>(), corpus.Events.Count, async ct =>
            {
                await worker.RunUntilIdleAsync(ct).ConfigureAwait(false);
                // Stopped when the queue is idle, as the baseline's clock stops after its last file: the display's closing line is not processing.
                (wall, used) = (Stopwatch.GetElapsedTime(started), CpuClock.Now() - cpu);
            }, cancellationToken).ConfigureAwait(false);
            var peak = ProcessMemory.PeakMb();
            var (documents, _) = await host.IndexedAsync(bucket, cancellationToken).ConfigureAwait(false);
            return (new RunFigures("pipeline", wall, used, observer.Figures(), peak, documents), corpus);
        }
    }

    private static async Task<Corpus> PlanAsync(IServiceProvider services, string root, CancellationToken cancellationToken)
    {
        var bucket = IngestPlanner.BucketFor(root);
        await services.Get<FolderObjectStore>().RegisterBucketAsync(bucket, root, readOnly: true, cancellationToken).ConfigureAwait(false);
        var plan = await new IngestPlanner(services.Get<IObjectStore>(), services.Get<IMetadataStore>(), services.Get<TimeProvider>())
            .PlanAsync(bucket, root, cancellationToken).ConfigureAwait(false);
        return new Corpus(root, bucket, [.. plan.Events.Where(e => e.Kind == FileEventKind.Created)]);
    }
}
