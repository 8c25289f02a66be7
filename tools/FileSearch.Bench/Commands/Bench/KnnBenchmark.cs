using System.Diagnostics;
using System.Runtime;
using FileSearch.Core.Domain;
using FileSearch.Search.Lucene.Internals;
using FileSearch.Search.Lucene.Internals.Vectors;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

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
    /// <summary>The Lucene adapter's filtered search (model filter), when measured.</summary>
    public KnnFilterTiming? Filtered { get; init; }
}

/// <summary>
/// The embedded adapter's filtered k-NN at the store's size: building the allowed-id set from a Lucene index of the same
/// documents (its median over repetitions), and the store's search with that set as the row filter.
/// </summary>
public sealed record KnnFilterTiming(double IndexSeconds, double SetP50Ms, double SetMaxMs, KnnTiming Search, int Mismatches);

/// <summary>
/// <c>./filesearch-bench bench knn</c>: the embedded index's vector store (int8 codes resident, exact re-rank from the
/// log) against an exact SIMD scan of the same vectors held as floats (what the store did before), same process, same
/// queries. The store is written to a log on disk, disposed and opened again as after a restart (a replay), then
/// queried; recall@k compares its top k with the exact scan's.
/// </summary>
public static class KnnBenchmark
{
    private const int WarmUp = 5;

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

        var filtered = MeasureFilter(store, set.Count, probes, storeHits, k, directory, progress);

        var found = storeHits.Zip(exactHits, (s, e) => s.Intersect(e).Count()).Sum();
        var recall = found / (double)exactHits.Sum(e => e.Count);
        GC.KeepAlive(exact);
        return new KnnBenchmarkResult(set.Count, set.Dimension, queries, k, storeTiming, exactTiming, recall, storeMemory, exactMemory,
            build.Elapsed.TotalSeconds, open.Elapsed.TotalSeconds, logBytes)
        {
            Filtered = filtered,
        };
    }

    /// <summary>
    /// What the Lucene adapter adds to a search by document (its model filter): a Lucene index holding the store's ids with
    /// one vector model, the allowed-id set built from it as the adapter builds it (<see cref="AllowedDocuments"/>), and
    /// the store's search with that set as the row filter. Every document is allowed, so the filtered hits must equal the
    /// unfiltered ones (counted as mismatches otherwise).
    /// </summary>
    private static KnnFilterTiming MeasureFilter(VectorStore store, int count, List<float[]> probes, List<List<DocumentId>> unfiltered, int k,
        string directory, Action<string> progress)
    {
        progress("writing a Lucene index of the same ids (one vector model)");
        var index = Stopwatch.StartNew();
        using var folder = FSDirectory.Open(Path.Combine(directory, "lucene"));
        using (var writer = new IndexWriter(folder, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer())))
        {
            for (var i = 0; i < count; i++)
            {
                writer.AddDocument(
                [
                    new StringField(IndexFields.Id, Id(i).Value, Field.Store.NO),
                    new StringField(IndexFields.VectorModel, Model, Field.Store.NO),
                ]);
            }

            writer.Commit();
        }

        index.Stop();
        using var reader = DirectoryReader.Open(folder);
        var searcher = new IndexSearcher(reader);
        var filter = new TermQuery(new Term(IndexFields.VectorModel, Model));
        progress("building the allowed-id set (as each filtered search did)");
        HashSet<DocumentId> ids = [];
        var builds = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            var started = Stopwatch.GetTimestamp();
            ids = AllowedDocuments.Collect(searcher, filter);
            if (i > 0)
            {
                builds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        progress("querying the store with the set as the row filter");
        var (timing, hits) = Measure(probes, q => [.. store.Search(q, k, id => ids.Contains(id)).Select(h => h.Id)]);
        var mismatches = hits.Zip(unfiltered, (f, u) => f.SequenceEqual(u) ? 0 : 1).Sum() + (ids.Count == count ? 0 : 1);
        return new KnnFilterTiming(index.Elapsed.TotalSeconds, Timing(builds).P50Ms, builds.Max(), timing, mismatches);
    }

    private const string Model = "resnet18-imagenet-v1/512";

    /// <summary>The document id of vector <paramref name="index"/>.</summary>
    public static DocumentId Id(int index) => DocumentId.From("bench", $"v{index}");

    /// <summary>Runs the warm-up queries untimed, then times each of the others.</summary>
    private static (KnnTiming Timing, List<List<DocumentId>> Hits) Measure(List<float[]> probes, Func<float[], List<DocumentId>> search)
    {
        var samples = new List<double>(probes.Count - WarmUp);
        var hits = new List<List<DocumentId>>(probes.Count - WarmUp);
        var cpu = TimeSpan.Zero;
        for (var i = 0; i < probes.Count; i++)
        {
            if (i == WarmUp)
            {
                cpu = Process.GetCurrentProcess().TotalProcessorTime;
            }

            var started = Stopwatch.GetTimestamp();
            var result = search(probes[i]);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (i >= WarmUp)
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
