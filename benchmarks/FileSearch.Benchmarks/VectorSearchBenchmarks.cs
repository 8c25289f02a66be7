using BenchmarkDotNet.Attributes;
using FileSearch.Bench.Commands.Bench;
using FileSearch.Search.Lucene;
using FileSearch.Search.Lucene.Internals.Vectors;

namespace FileSearch.Benchmarks;

/// <summary>
/// Exact top-10 k-NN over 10,000 random unit vectors of 1,024 dimensions (Titan's size): a contiguous float matrix
/// scanned with TensorPrimitives.Dot (SIMD, split over the cores; the exact reference of <c>bench knn</c>) vs a naive
/// scalar loop over the same matrix with the same top-k heap.
/// </summary>
[BenchmarkCategory("knn")]
public class VectorSearchBenchmarks
{
    private const int K = 10;
    private ExactVectorMatrix _matrix = new(1);
    private float[] _query = [];

    [Params(10_000)]
    public int Count { get; set; }

    [Params(1024)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _matrix = new ExactVectorMatrix(Dimension);
        for (var i = 0; i < Count; i++)
        {
            _matrix.Add(RandomUnitVector(random));
        }

        _query = RandomUnitVector(random);
        var fast = _matrix.Search(_query, K, null).Select(r => r.Row);
        if (!fast.SequenceEqual(Naive()))
        {
            throw new InvalidOperationException("SIMD and scalar k-NN disagree on the top 10");
        }
    }

    [Benchmark(Baseline = true, Description = "naive scalar loop")]
    public int Scalar() => Naive()[0];

    [Benchmark(Description = "SIMD matrix scan")]
    public int Simd() => _matrix.Search(_query, K, null)[0].Row;

    private List<int> Naive() => ExactVectorMatrix.NaiveSearch(_matrix, Count, _query, K);

    private float[] RandomUnitVector(Random random)
    {
        var vector = new float[Dimension];
        ExactVectorMatrix.Fill(random, vector);
        return VectorStore.Normalise(vector);
    }
}
