using System.Numerics.Tensors;
using FileSearch.Search.Lucene.Internals.Vectors;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>
/// The exact reference of <c>bench knn</c> (and what the index's vector store held before its int8 codes): every vector
/// in one contiguous float array, resident. Exact k-NN by dot product (the vectors are L2-normalised, so this is cosine
/// similarity) with SIMD via <see cref="TensorPrimitives"/>, split over the cores for large matrices.
/// </summary>
public sealed class ExactVectorMatrix(int dimension)
{
    /// <summary>Below this many rows one thread is faster than splitting the scan.</summary>
    private const int ParallelThreshold = 8192;

    private readonly Stack<int> _free = new();
    private float[] _data = new float[dimension * 16];
    private bool[] _used = new bool[16];
    private int _rows;

    public int Dimension => dimension;

    public int Count => _rows - _free.Count;

    /// <summary>Allocates room for <paramref name="rows"/> rows at once (no doubling copies of a large matrix).</summary>
    public void Reserve(int rows)
    {
        if (rows > _used.Length)
        {
            Array.Resize(ref _data, rows * dimension);
            Array.Resize(ref _used, rows);
        }
    }

    public ReadOnlySpan<float> Row(int row) => _data.AsSpan(row * dimension, dimension);

    public int Add(ReadOnlySpan<float> vector)
    {
        var row = _free.Count > 0 ? _free.Pop() : _rows++;
        if ((row + 1) * dimension > _data.Length)
        {
            var capacity = Math.Max(row + 1, _used.Length * 2);
            Array.Resize(ref _data, capacity * dimension);
            Array.Resize(ref _used, capacity);
        }

        vector.CopyTo(_data.AsSpan(row * dimension, dimension));
        _used[row] = true;
        return row;
    }

    public void Set(int row, ReadOnlySpan<float> vector) => vector.CopyTo(_data.AsSpan(row * dimension, dimension));

    public void Remove(int row)
    {
        _used[row] = false;
        _free.Push(row);
    }

    /// <summary>The <paramref name="k"/> rows most similar to <paramref name="query"/> that <paramref name="allowed"/> accepts.</summary>
    public List<(int Row, float Score)> Search(ReadOnlySpan<float> query, int k, Func<int, bool>? allowed)
    {
        var q = query.ToArray();
        return TopK.Collect(_rows, k, ParallelThreshold, (from, to, top) => Scan(q, from, to, top, allowed));
    }

    private void Scan(ReadOnlySpan<float> query, int from, int to, TopK top, Func<int, bool>? allowed)
    {
        var data = _data.AsSpan();
        for (var row = from; row < to; row++)
        {
            if (!_used[row] || (allowed is not null && !allowed(row)))
            {
                continue;
            }

            top.Offer(row, TensorPrimitives.Dot(query, data.Slice(row * dimension, dimension)));
        }
    }

    /// <summary>The naive scalar loop over the same rows (the micro benchmark's baseline).</summary>
    public static List<int> NaiveSearch(ExactVectorMatrix matrix, int count, float[] query, int k)
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

    /// <summary>Uniform random components in [-1, 1).</summary>
    public static void Fill(Random random, float[] vector)
    {
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }
    }
}
