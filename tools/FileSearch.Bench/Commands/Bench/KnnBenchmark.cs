using System.Diagnostics;
using FileSearch.Search.Lucene.Internals.Vectors;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>Latency percentiles of one k-NN implementation, in milliseconds.</summary>
public sealed record KnnTiming(double P50Ms, double P95Ms);

/// <summary>Result of <see cref="KnnBenchmark.Run"/>: the SIMD matrix scan and the naive scalar loop over the same data.</summary>
public sealed record KnnBenchmarkResult(int Count, int Dimension, KnnTiming Simd, KnnTiming Scalar, bool SameResults);

/// <summary>
/// Measures the embedded index's exact k-NN (contiguous matrix, TensorPrimitives dot products, split over the cores)
/// against a naive scalar loop over the same random unit vectors (<c>./filesearch-bench bench knn</c>).
/// </summary>
public static class KnnBenchmark
{
    public static KnnBenchmarkResult Run(int count, int dimension, int queries, int k, int seed, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queries, 1);
        var random = new Random(seed);
        var matrix = new VectorMatrix(dimension);
        var vector = new float[dimension];
        for (var i = 0; i < count; i++)
        {
            Fill(random, vector);
            matrix.Add(VectorStore.Normalise(vector));
        }

        var probes = Enumerable.Range(0, queries).Select(_ =>
        {
            var q = new float[dimension];
            Fill(random, q);
            return VectorStore.Normalise(q);
        }).ToList();

        matrix.Search(probes[0], k, null); // warm-up (JIT, page faults)
        var simd = new List<double>(queries);
        var scalar = new List<double>(queries);
        var same = true;
        foreach (var probe in probes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            var fast = matrix.Search(probe, k, null);
            simd.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            started = Stopwatch.GetTimestamp();
            var slow = NaiveSearch(matrix, count, probe, k);
            scalar.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            same &= fast.Select(f => f.Row).SequenceEqual(slow);
        }

        return new KnnBenchmarkResult(count, dimension, Timing(simd), Timing(scalar), same);
    }

    internal static List<int> NaiveSearch(VectorMatrix matrix, int count, float[] query, int k)
    {
        var top = new TopK(k);
        for (var row = 0; row < count; row++)
        {
            var values = matrix.Row(row);
            var sum = 0f;
            for (var i = 0; i < values.Length; i++)
            {
                sum += values[i] * query[i];
            }

            top.Offer(row, sum);
        }

        return [.. top.ToList().Select(t => t.Row)];
    }

    internal static void Fill(Random random, float[] vector)
    {
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }
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
