using System.CommandLine;
using FileSearch.Cli.Commands;
using FileSearch.Core.Domain;
using FileSearch.Embeddings.Onnx;
using FileSearch.Imaging;
using FileSearch.Testing.Images;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static FileSearch.Bench.Commands.Bench.BenchFormat;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>
/// <c>bench knn [--n N] [--dim D] [--queries Q] [--photos P]</c>: the index's vector store (int8 scan, exact re-rank)
/// against the exact float scan, on clustered vectors grown from ResNet18 embeddings of real photographs
/// (<see cref="KnnVectorSet"/>): memory, recall@10 and p50/p95 latency of both sides in one run.
/// </summary>
public static class KnnBenchCommand
{
    private const double TargetP95Ms = 50;
    private const double TargetRssMb = 1024;
    private const double TargetRecall = 0.98;

    public static Command Create(GlobalOptions globals)
    {
        var count = new Option<int>("--n", "--count") { Description = "Vectors in the store", DefaultValueFactory = _ => 100_000 };
        var dimension = new Option<int>("--dim") { Description = "Vector dimension (512: seeds are ResNet18 embeddings of photographs; else random)", DefaultValueFactory = _ => 512 };
        var queries = new Option<int>("--queries") { Description = "Timed queries (after 5 untimed)", DefaultValueFactory = _ => 200 };
        var photos = new Option<int>("--photos") { Description = "Photographs embedded as cluster seeds (0: random seeds)", DefaultValueFactory = _ => 64 };
        var command = new Command("knn", "k-NN of the index's vector store (int8 scan, exact re-rank) vs the exact float scan: memory, recall, latency")
        {
            count, dimension, queries, photos,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, _, token) =>
        {
            var (n, dim) = (parse.GetValue(count), parse.GetValue(dimension));
            if (n < 1 || dim is < 1 or > 4096)
            {
                await Console.Error.WriteLineAsync("error: --n must be positive and --dim 1-4096").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var (seeds, origin) = dim == ResNet18ImageEmbedder.VectorDimension && parse.GetValue(photos) > 0
                ? await PhotoSeedsAsync(services.GetRequiredService<VipsRuntime>(), parse.GetValue(photos), token).ConfigureAwait(false)
                : (KnnVectorSet.RandomSeeds(64, dim, 7), "64 random non-negative directions");
            var set = new KnnVectorSet(seeds, n, seed: 42);
            Console.WriteLine(Invariant(
                $"{n:N0} x {dim} vectors in {set.Centres:N0} clusters around {origin}; {Environment.ProcessorCount} cores (shared with other work: figures vary run to run)"));

            var directory = Path.Combine(Path.GetTempPath(), $"filesearch-knn-{Environment.ProcessId}");
            try
            {
                var result = KnnBenchmark.Run(set, directory, Math.Max(1, parse.GetValue(queries)), k: 10,
                    message => Console.WriteLine($"  {message}"), token);
                Print(result);
                return ExitCodes.Success;
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }, ct));
        return command;
    }

    private static void Print(KnnBenchmarkResult r)
    {
        Console.WriteLine(Invariant($"store written in {r.BuildSeconds:F1} s (log {r.LogBytes / 1048576.0:F0} MiB on disk), opened again (replay) in {r.OpenSeconds:F1} s"));
        Console.WriteLine(Invariant($"{r.Queries} queries, top {r.K}:"));
        Console.WriteLine(Invariant(
            $"  store (int8 scan + exact re-rank): p50 {r.Store.P50Ms:F1} ms  p95 {r.Store.P95Ms:F1} ms  CPU {r.Store.CpuMsPerQuery:F1} ms/query  process RSS {r.StoreMemory.ProcessRssMb:F0} MiB (grew {r.StoreMemory.RssGrowthMb:F0} MiB on open; the store accounts {r.StoreMemory.AccountedMb:F0} MiB)"));
        Console.WriteLine(Invariant(
            $"  exact float scan:                  p50 {r.Exact.P50Ms:F1} ms  p95 {r.Exact.P95Ms:F1} ms  CPU {r.Exact.CpuMsPerQuery:F1} ms/query  RSS grew {r.ExactMemory.RssGrowthMb:F0} MiB (floats {r.ExactMemory.AccountedMb:F0} MiB)"));
        Console.WriteLine(Invariant(
            $"  recall@{r.K} of the store against the exact scan: {r.RecallAtK:F4}; speed-up p50 {r.Exact.P50Ms / r.Store.P50Ms:F1}x, CPU {r.Exact.CpuMsPerQuery / r.Store.CpuMsPerQuery:F1}x"));
        if (r.Filtered is { } f)
        {
            Console.WriteLine(Invariant(
                $"  Lucene adapter, filtered (index of the ids written in {f.IndexSeconds:F1} s; maps of documents to rows built once in {f.MapBuildMs:F0} ms, {f.MapMb:F1} MiB):"));
            foreach (var t in f.Filters)
            {
                Console.WriteLine(Invariant(
                    $"    {t.Name} filter ({t.Allowed:N0} images): before (id set per query, set p50 {t.SetP50Ms:F1} ms): p50 {t.Before.P50Ms:F1} ms  p95 {t.Before.P95Ms:F1} ms  CPU {t.Before.CpuMsPerQuery:F1} ms/query"));
                Console.WriteLine(Invariant(
                    $"      after (row filter): p50 {t.After.P50Ms:F1} ms  p95 {t.After.P95Ms:F1} ms  CPU {t.After.CpuMsPerQuery:F1} ms/query; speed-up p50 {t.Before.P50Ms / t.After.P50Ms:F1}x; same hits: {(t.Mismatches == 0 ? "yes" : Invariant($"NO ({t.Mismatches} mismatches)"))}"));
            }
        }

        // The whole process's RSS with the store open (runtime, the embedder's leftovers and all) is held to the target.
        var met = r.Store.P95Ms < TargetP95Ms && r.StoreMemory.ProcessRssMb < TargetRssMb && r.RecallAtK >= TargetRecall;
        Console.WriteLine(Invariant($"  targets (p95 < {TargetP95Ms} ms, process RSS with the store open < {TargetRssMb} MiB, recall >= {TargetRecall}): {(met ? "met" : "NOT met")}"));
        Console.WriteLine(Invariant(
            $"RESULT knn n={r.Count} dim={r.Dimension} queries={r.Queries} k={r.K} recall_at_10={r.RecallAtK:F4} p50_ms={r.Store.P50Ms:F2} p95_ms={r.Store.P95Ms:F2} cpu_ms={r.Store.CpuMsPerQuery:F2} exact_p50_ms={r.Exact.P50Ms:F2} exact_p95_ms={r.Exact.P95Ms:F2} exact_cpu_ms={r.Exact.CpuMsPerQuery:F2} rss_mb={r.StoreMemory.ProcessRssMb:F0} store_accounted_mb={r.StoreMemory.AccountedMb:F0} exact_rss_mb={r.ExactMemory.RssGrowthMb:F0} open_s={r.OpenSeconds:F1} {FilterFields(r.Filtered)} targets_met={(met ? 1 : 0)}"));
    }

    private static string FilterFields(KnnFilterResult? f) =>
        f is null
            ? "filter_mismatches=0"
            : string.Join(' ', f.Filters.Select(t => Invariant(
                $"{t.Name}_set_p50_ms={t.SetP50Ms:F1} {t.Name}_before_p50_ms={t.Before.P50Ms:F2} {t.Name}_before_p95_ms={t.Before.P95Ms:F2} {t.Name}_before_cpu_ms={t.Before.CpuMsPerQuery:F2} {t.Name}_after_p50_ms={t.After.P50Ms:F2} {t.Name}_after_p95_ms={t.After.P95Ms:F2} {t.Name}_after_cpu_ms={t.After.CpuMsPerQuery:F2}")))
              + Invariant($" map_build_ms={f.MapBuildMs:F0} map_mb={f.MapMb:F1} filter_mismatches={f.Mismatches}");

    /// <summary>ResNet18 embeddings (the product's default embedder) of the wallpaper photographs, then other pictures of the same folders.</summary>
    private static async Task<(List<float[]> Seeds, string Origin)> PhotoSeedsAsync(VipsRuntime runtime, int limit, CancellationToken cancellationToken)
    {
        var known = WallpaperPhotos.Photographs();
        var others = new[] { "/usr/share/backgrounds", "/usr/share/wallpapers" }.Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        var files = known.Concat(others).Distinct(StringComparer.Ordinal).Take(limit).ToList();
        using var embedder = new ResNet18ImageEmbedder(runtime, Options.Create(new OnnxEmbeddingOptions()), TimeProvider.System,
            NullLogger<ResNet18ImageEmbedder>.Instance);
        var seeds = new List<float[]>(files.Count);
        foreach (var file in files)
        {
            if (await embedder.EmbedAsync(file, FileKind.Jpeg, cancellationToken).ConfigureAwait(false) is { } vector)
            {
                seeds.Add(vector);
            }
        }

        return (seeds, Invariant($"ResNet18 embeddings of {seeds.Count} photographs from /usr/share/backgrounds and /usr/share/wallpapers"));
    }
}
