using System.CommandLine;
using System.Globalization;
using FileSearch.Cli.Commands;
using FileSearch.Search.Lucene;

namespace FileSearch.Bench.Commands.Bench;

/// <summary><c>bench knn [--count N] [--dim D] [--queries Q]</c>: exact k-NN latency, SIMD scan vs naive scalar loop.</summary>
public static class KnnBenchCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var count = new Option<int>("--count") { Description = "Vectors in the matrix", DefaultValueFactory = _ => 100_000 };
        var dimension = new Option<int>("--dim") { Description = "Vector dimension", DefaultValueFactory = _ => 1024 };
        var queries = new Option<int>("--queries") { Description = "Timed queries", DefaultValueFactory = _ => 100 };
        var command = new Command("knn", "Exact k-NN over random unit vectors: SIMD matrix scan vs naive scalar loop") { count, dimension, queries };
        command.SetAction((parse, ct) =>
        {
            var n = parse.GetValue(count);
            var dim = parse.GetValue(dimension);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Building {n:N0} x {dim} vectors ({(long)n * dim * 4 / (1024 * 1024)} MiB) ..."));
            var result = KnnBenchmark.Run(n, dim, Math.Max(1, parse.GetValue(queries)), k: 10, seed: 42, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"naive scalar loop:  p50 {result.Scalar.P50Ms:F1} ms  p95 {result.Scalar.P95Ms:F1} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"SIMD matrix scan:   p50 {result.Simd.P50Ms:F1} ms  p95 {result.Simd.P95Ms:F1} ms  ({result.Scalar.P50Ms / result.Simd.P50Ms:F1}x, same top-10: {result.SameResults})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT knn n={result.Count} dim={result.Dimension} p50_ms={result.Simd.P50Ms:F2} p95_ms={result.Simd.P95Ms:F2}"));
            return Task.FromResult(result.SameResults ? ExitCodes.Success : ExitCodes.Error);
        });
        return command;
    }
}
