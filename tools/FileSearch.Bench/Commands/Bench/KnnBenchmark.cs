using System.Diagnostics;
using System.Runtime;
using FileSearch.Core.Domain;
using FileSearch.Search.Lucene.Internals.Vectors;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>
/// Latency percentiles of one k-NN implementation, in milliseconds, and the CPU time it used per query (all threads;
/// unlike latency, it does not grow when other processes compete for the cores).
/// </summary>
public sealed record KnnTiming(double P50Ms, double P95Ms, double CpuMsPerQuery = 0);

/// <summary>
/// Resident memory, in MiB: the process's RSS after the side was loaded (everything the process holds), its growth
/// when the side was loaded, and what the side accounts for itself.
/// </summary>
public sealed record KnnMemory(double ProcessRssMb, double RssGrowthMb, double AccountedMb);

/// <summary>Result of <see cref="KnnBenchmark.Run"/>: the index's vector store and the exact float scan over the same vectors.</summary>
public sealed record KnnBenchmarkResult(
    int Count,
    int Dimension,
    int Queries,
    int K,
    KnnTiming Store,
    KnnTiming Exact,
    double RecallAtK,
    KnnMemory StoreMemory,
    KnnMemory ExactMemory,
    double BuildSeconds,
    double OpenSeconds,
    long LogBytes)
{
    /// <summary>The Lucene adapter's filtered searches, when measured.</summary>
    public KnnFilterResult? Filtered { get; init; }
}

/// <summary>
/// <c>./filesearch-bench bench knn</c>: the embedded index's vector store (int8 codes resident, exact re-rank from the
/// log) against an exact SIMD scan of the same vectors held as floats (what the store did before), same process, same
/// queries. The store is written to a log on disk, disposed and opened again as after a restart (a replay), then
/// queried; recall@k compares its top k with the exact scan's.
/// </summary>
public static class KnnBenchmark
{
    internal const int WarmUp = 5;

    public static KnnBenchmarkResult Run(KnnVectorSet set, string directory, int queries, int k, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queries, 1);
        var probes = Enumerable.Range(0, queries + WarmUp).Select(set.Query).ToList();

        var build = Stopwatch.StartNew();
        using (var writer = new VectorStore(directory))
        {
            for (var i = 0; i < set.Count; i++)
            {
                if (i % 100_000 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress($"writing vector {i:N0}");
                }

                writer.Put(Id(i), set.Vector(i));
            }

            writer.Flush();
        }

        build.Stop();
        var logBytes = new FileInfo(Path.Combine(directory, VectorStore.FileName)).Length;

        progress("opening the store again (replay of the log)");
        var before = SettledRssMb();
        var open = Stopwatch.StartNew();
        using var store = new VectorStore(directory);
        _ = store.Count; // replays the log
        open.Stop();
        var after = SettledRssMb();
        var storeMemory = new KnnMemory(after, after - before, store.ResidentBytes / 1048576.0);

        progress("querying the store");
        var (storeTiming, storeHits) = Measure(probes, q => [.. store.Search(q, k, null).Select(h => h.Id)]);

        progress("loading the exact float matrix");
        before = SettledRssMb();
        var exact = new ExactVectorMatrix(set.Dimension);
        exact.Reserve(set.Count);
        for (var i = 0; i < set.Count; i++)
        {
            exact.Add(VectorStore.Normalise(set.Vector(i)));
        }

        after = SettledRssMb();
        var exactMemory = new KnnMemory(after, after - before, (double)set.Count * set.Dimension * 4 / 1048576.0);
        progress("querying the exact scan");
        var (exactTiming, exactHits) = Measure(probes, q => [.. exact.Search(VectorStore.Normalise(q), k, null).Select(h => Id(h.Row))]);

        var filtered = KnnFilterBenchmark.Run(store, set.Count, probes, storeHits, k, directory, progress);

        var found = storeHits.Zip(exactHits, (s, e) => s.Intersect(e).Count()).Sum();
        var recall = found / (double)exactHits.Sum(e => e.Count);
        GC.KeepAlive(exact);
        return new KnnBenchmarkResult(set.Count, set.Dimension, queries, k, storeTiming, exactTiming, recall, storeMemory, exactMemory,
            build.Elapsed.TotalSeconds, open.Elapsed.TotalSeconds, logBytes)
        {
            Filtered = filtered,
        };
    }

    /// <summary>The document id of vector <paramref name="index"/>.</summary>
    public static DocumentId Id(int index) => DocumentId.From("bench", $"v{index}");

    /// <summary>Runs the warm-up queries untimed, then times each of the others.</summary>
    internal static (KnnTiming Timing, List<List<DocumentId>> Hits) Measure(List<float[]> probes, Func<float[], List<DocumentId>> search,
        int warmUp = WarmUp)
    {
        var samples = new List<double>(probes.Count - warmUp);
        var hits = new List<List<DocumentId>>(probes.Count - warmUp);
        var cpu = TimeSpan.Zero;
        for (var i = 0; i < probes.Count; i++)
        {
            if (i == warmUp)
            {
                cpu = Process.GetCurrentProcess().TotalProcessorTime;
            }

            var started = Stopwatch.GetTimestamp();
            var result = search(probes[i]);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (i >= warmUp)
            {
                samples.Add(elapsed);
                hits.Add(result);
            }
        }

        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / samples.Count;
        return (Timing(samples) with { CpuMsPerQuery = cpuMs }, hits);
    }

    /// <summary>RSS after a full, compacting, decommitting collection.</summary>
    private static double SettledRssMb()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return ProcessMemory.CurrentMb();
    }

    /// <summary>p50 and p95 of the samples (sorts them in place).</summary>
    public static KnnTiming Timing(List<double> samples)
    {
        samples.Sort();
        return new KnnTiming(Percentile(samples, 0.50), Percentile(samples, 0.95));
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
