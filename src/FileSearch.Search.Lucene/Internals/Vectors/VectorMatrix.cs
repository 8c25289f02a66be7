using System.Numerics.Tensors;

namespace FileSearch.Search.Lucene.Internals.Vectors;

/// <summary>
/// Vectors in one contiguous float array (row-major), with a free list for deleted rows. Exact k-NN by dot product
/// (the vectors are L2-normalised, so this is cosine similarity) with SIMD via <see cref="TensorPrimitives"/>,
/// split over the cores for large matrices. Not thread-safe for writes; callers hold a lock.
/// </summary>
internal sealed class VectorMatrix(int dimension)
{
    /// <summary>Below this many rows one thread is faster than splitting the scan.</summary>
    private const int ParallelThreshold = 8192;

    private readonly Stack<int> _free = new();
    private float[] _data = new float[dimension * 16];
    private bool[] _used = new bool[16];
    private int _rows;

    public int Dimension => dimension;

    public int Count => _rows - _free.Count;

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
        var rows = _rows;
        if (rows < ParallelThreshold || Environment.ProcessorCount == 1)
        {
            var top = new TopK(k);
            Scan(query, 0, rows, top, allowed);
            return top.ToList();
        }

        var parts = Environment.ProcessorCount;
        var tops = new TopK[parts];
        var q = query.ToArray();
        Parallel.For(0, parts, part =>
        {
            var from = (int)((long)rows * part / parts);
            var to = (int)((long)rows * (part + 1) / parts);
            tops[part] = new TopK(k);
            Scan(q, from, to, tops[part], allowed);
        });
        for (var i = 1; i < parts; i++)
        {
            tops[0].Merge(tops[i]);
        }

        return tops[0].ToList();
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
}
