using System.Globalization;
using FileSearch.Core.Domain;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;
using FileSearch.Embedded;
using FileSearch.Embedded.Permissions;
using FileSearch.Hosting;
using FileSearch.Hosting.Ingest;
using FileSearch.Ocr.Tesseract;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>What <c>bench leak</c> runs.</summary>
/// <param name="Files">Files to process in all.</param>
/// <param name="BatchSize">Files queued at once; a snapshot is taken after each batch, when nothing is in flight.</param>
/// <param name="WarmUpFiles">Files processed before the baseline snapshot (pools filled, JIT done).</param>
/// <param name="MaxGrowthMb">Largest RSS growth after the warm-up that passes.</param>
/// <param name="SamplesDirectory">Files to copy round-robin under distinct keys.</param>
/// <param name="Verbose">Debug logging.</param>
/// <param name="TrimNativeHeap">malloc_trim before each snapshot (tells allocator fragmentation from live native memory).</param>
/// <param name="PageCache">
/// Keep the OCR page cache on. Off by default: the samples repeat, so with the cache every page after the first round
/// is answered from SQLite and Tesseract, the largest native user, is not exercised at all.
/// </param>
internal sealed record LeakCheckSettings(int Files, int BatchSize, int WarmUpFiles, double MaxGrowthMb, string SamplesDirectory, bool Verbose,
    bool TrimNativeHeap = false, bool PageCache = false);

/// <summary>The snapshots of a leak check and what failed it.</summary>
internal sealed record LeakCheckResult(IReadOnlyList<ResourceSnapshot> Snapshots, ResourceSnapshot Baseline, ResourceSnapshot End, int FailedFiles, IReadOnlyList<string> Problems)
{
    public double RssGrowthMb => End.RssMb - Baseline.RssMb;

    public double HeapGrowthMb => End.HeapMb - Baseline.HeapMb;

    public double AnonGrowthMb => End.RssAnonMb - Baseline.RssAnonMb;

    public bool Passed => Problems.Count == 0;
}

/// <summary>
/// The leak check: copies of the sample files under distinct keys go through the real embedded pipeline (SQLite queue
/// and metadata, Lucene, Tesseract, libvips, MeCab) in batches; after each batch, with nothing in flight, memory and
/// native resource counts are sampled. After the warm-up, RSS must grow less than the limit, every native count must
/// stay at its pooled baseline, and Tesseract must have read pages itself (the OCR page cache is off unless asked for, so
/// the repeated samples are recognised again each round instead of being answered from the cache).
/// </summary>
internal sealed class LeakCheck(LeakCheckSettings settings, TimeProvider time)
{
    private const string Bucket = "leak-check";

    public async Task<LeakCheckResult> RunAsync(Action<ResourceSnapshot> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var samples = Directory.GetFiles(settings.SamplesDirectory).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToArray();
        if (samples.Length == 0)
        {
            throw new InvalidOperationException($"no sample files in {settings.SamplesDirectory}");
        }

        var work = Path.Combine(Path.GetTempPath(), "filesearch-leak-" + Guid.NewGuid().ToString("N")[..12]);
        var corpus = Path.Combine(PrivateDataDirectory.Create(work).FullName, "corpus");
        Directory.CreateDirectory(corpus);
        var outcomes = new OutcomeCounter();
        try
        {
            var builder = FileSearchHost.CreateBuilder(new CliContext(work, settings.Verbose), LogLevel.Error);
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IProcessingObserver>(outcomes));
            if (!settings.PageCache)
            {
                builder.Services.Replace(ServiceDescriptor.Singleton<IOcrPageCache, NullOcrPageCache>());
            }

            var ocr = new OcrCounterHolder();
            builder.Services.Replace(ServiceDescriptor.Singleton<IOcrEngine>(sp => ocr.Engine = new CountingOcrEngine(sp.GetRequiredService<TesseractOcrEngine>())));
            using var host = builder.Build();
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await ProcessAsync(host.Services, samples, corpus, Path.Combine(work, "tmp"), outcomes, ocr, progress, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private async Task<LeakCheckResult> ProcessAsync(IServiceProvider services, string[] samples, string corpus, string temp, OutcomeCounter outcomes,
        OcrCounterHolder ocr, Action<ResourceSnapshot> progress, CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<IOcrEngine>();
        ResourceSnapshot Capture(int files) => ResourceSnapshot.Capture(services, temp, files, settings.TrimNativeHeap) with
        {
            OcrPagesRead = ocr.Engine?.PagesRead ?? 0,
            OcrPagesReused = ocr.Engine?.PagesReused ?? 0,
        };

        await services.GetRequiredService<FolderObjectStore>().RegisterBucketAsync(Bucket, corpus, readOnly: true, cancellationToken).ConfigureAwait(false);
        var queue = services.GetRequiredService<IMessageQueue>();
        var worker = services.GetRequiredService<QueueWorker>();
        var snapshots = new List<ResourceSnapshot> { Capture(0) };
        progress(snapshots[0]);
        ResourceSnapshot? baseline = null;
        for (var done = 0; done < settings.Files;)
        {
            var count = Math.Min(settings.BatchSize, settings.Files - done);
            var batch = Enumerable.Range(done, count).Select(i => Copy(samples[i % samples.Length], corpus, i)).ToList();
            foreach (var chunk in batch.Chunk(10))
            {
                await queue.SendBatchAsync(chunk.Select(Event).ToList(), cancellationToken).ConfigureAwait(false);
            }

            await worker.RunUntilIdleAsync(cancellationToken).ConfigureAwait(false);

            // The index and metadata keep what they need; the copies only take disk space now.
            batch.ForEach(f => File.Delete(f.Path));
            done += count;
            var snapshot = Capture(done);
            snapshots.Add(snapshot);
            progress(snapshot);
            if (baseline is null && done >= settings.WarmUpFiles)
            {
                baseline = snapshot;
            }
        }

        var end = snapshots[^1];
        baseline ??= end;
        return new LeakCheckResult(snapshots, baseline, end, outcomes.Failed, Problems(baseline, end, outcomes.Failed));
    }

    internal List<string> Problems(ResourceSnapshot baseline, ResourceSnapshot end, int failedFiles)
    {
        var problems = new List<string>();
        void Check(bool ok, FormattableString problem)
        {
            if (!ok)
            {
                problems.Add(problem.ToString(CultureInfo.InvariantCulture));
            }
        }

        Check(end.RssMb - baseline.RssMb < settings.MaxGrowthMb, $"RSS grew {end.RssMb - baseline.RssMb:0.0} MB after the warm-up (limit {settings.MaxGrowthMb:0} MB)");
        Check(end.EnginesRented == 0, $"{end.EnginesRented} Tesseract engine(s) still rented with no OCR running");
        Check(end.EnginesAlive <= end.EngineCapacity, $"{end.EnginesAlive} Tesseract engines alive, more than the pools hold ({end.EngineCapacity})");
        Check(end.VipsAllocs <= baseline.VipsAllocs, $"libvips holds {end.VipsAllocs - baseline.VipsAllocs} more tracked allocations than after the warm-up");
        Check(end.VipsFiles <= baseline.VipsFiles, $"libvips holds {end.VipsFiles - baseline.VipsFiles} more open files than after the warm-up");
        Check(end.MecabLattices <= Math.Max(baseline.MecabLattices, Environment.ProcessorCount * 2), $"{end.MecabLattices} MeCab lattices alive (pool cap {Environment.ProcessorCount * 2})");
        // Pooled connections: the pool may still grow by what runs at once (one connection per concurrent message), not per file.
        Check(end.SqliteFiles <= baseline.SqliteFiles + Environment.ProcessorCount, $"{end.SqliteFiles} SQLite database files open, {baseline.SqliteFiles} after the warm-up");
        Check(end.TempEntries == 0, $"{end.TempEntries} temp file(s) left behind");
        Check(failedFiles == 0, $"{failedFiles} file(s) failed");
        // With every page answered from the page cache, the check would say nothing about Tesseract's memory.
        var (read, reused) = (end.OcrPagesRead - baseline.OcrPagesRead, end.OcrPagesReused - baseline.OcrPagesReused);
        Check(read > 0 || read + reused == 0, $"Tesseract read no page after the warm-up ({reused} page(s) came from the OCR page cache): OCR was not exercised");
        return problems;
    }

    private static (string Path, string Key) Copy(string sample, string corpus, int index)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{index:D5}_{Path.GetFileName(sample)}");
        var path = Path.Combine(corpus, key);
        File.Copy(sample, path, overwrite: true);
        return (path, key);
    }

    private string Event((string Path, string Key) file) => IngestPlanner.ToMessage(new FileEvent(
        FileEventKind.Created, Bucket, file.Key, new FileInfo(file.Path).Length, time.GetUtcNow()));

    /// <summary>The counting engine, once the container has made it.</summary>
    private sealed class OcrCounterHolder
    {
        public CountingOcrEngine? Engine { get; set; }
    }

    private sealed class OutcomeCounter : IProcessingObserver
    {
        private int _failed;

        public int Failed => Volatile.Read(ref _failed);

        public void OnFileProcessed(ProcessingResult result)
        {
        }

        public void OnMessageFinished(QueueMessage message, MessageOutcome outcome, string? reason)
        {
            if (outcome is MessageOutcome.DeadLettered or MessageOutcome.Retrying)
            {
                Interlocked.Increment(ref _failed);
            }
        }
    }
}
