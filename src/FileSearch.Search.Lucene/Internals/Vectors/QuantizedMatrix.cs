namespace FileSearch.Search.Lucene.Internals.Vectors;

/// <summary>
/// The resident part of the vector store: per row the int8 codes and scale of a vector (<see cref="ScalarQuantizer"/>)
/// (stored unsigned, see <see cref="ScalarQuantizer.Encode"/>) and a 64-bit payload (where the full vector lies in the log). Rows live in chunks of <see cref="ChunkRows"/>, so the
/// matrix grows without copying what it holds (only the last chunk is resized while it fills), and a free list
/// reuses deleted rows. <see cref="Search"/> scans the codes with SIMD, split over the cores for large matrices, and
/// returns candidates by approximate score; the caller re-ranks them exactly. Not thread-safe for writes.
/// </summary>
internal sealed class QuantizedMatrix(int dimension)
{
    public const int ChunkShift = 16;
    public const int ChunkRows = 1 << ChunkShift;
    private const int ChunkMask = ChunkRows - 1;

    /// <summary>Below this many rows one thread is faster than splitting the scan.</summary>
    private const int ParallelThreshold = 16_384;

    /// <summary>Rows whose dot products are computed together before their scores go to the heap.</summary>
    private const int ScanBlock = 256;

    private readonly List<byte[]> _codes = [];
    private readonly List<float[]> _scales = [];
    private readonly List<long[]> _payloads = [];
    private readonly Stack<int> _free = new();
    private int _rows;

    public int Dimension => dimension;

    public int Count => _rows - _free.Count;

    /// <summary>Bytes held by the codes, scales and payloads (allocated capacity).</summary>
    public long ResidentBytes => _codes.Sum(c => (long)c.Length) + _scales.Sum(s => s.Length * 4L) + _payloads.Sum(p => p.Length * 8L);

    public long Payload(int row) => _payloads[row >> ChunkShift][row & ChunkMask];

    public void SetPayload(int row, long payload) => _payloads[row >> ChunkShift][row & ChunkMask] = payload;

    public ReadOnlySpan<byte> Codes(int row) => _codes[row >> ChunkShift].AsSpan((row & ChunkMask) * dimension, dimension);

    public float Scale(int row) => _scales[row >> ChunkShift][row & ChunkMask];

    /// <summary>Stores a vector in a free row (or a new one) and returns the row.</summary>
    public int Add(ReadOnlySpan<float> vector, long payload)
    {
        var row = _free.Count > 0 ? _free.Pop() : _rows++;
        EnsureCapacity(row);
        Set(row, vector, payload);
        return row;
    }

    public void Set(int row, ReadOnlySpan<float> vector, long payload)
    {
        var chunk = row >> ChunkShift;
        var index = row & ChunkMask;
        var scale = ScalarQuantizer.Encode(vector, _codes[chunk].AsSpan(index * dimension, dimension));

        // A zero scale marks a free row; a stored vector is normalised, so only an underflow could make it zero.
        _scales[chunk][index] = scale > 0 ? scale : float.Epsilon;
        _payloads[chunk][index] = payload;
    }

    public void Remove(int row)
    {
        _scales[row >> ChunkShift][row & ChunkMask] = 0;
        _free.Push(row);
    }

    /// <summary>
    /// The <paramref name="k"/> rows with the highest approximate similarity (scale × integer dot product) to the
    /// quantised query that <paramref name="allowed"/> accepts. The filter is asked only about rows that would enter
    /// the current top <paramref name="k"/>, so a costly filter is called for a small share of the rows.
    /// </summary>
    public List<(int Row, float Score)> Search(ReadOnlySpan<sbyte> query, int k, Func<int, bool>? allowed)
    {
        var q = query.ToArray();
        var correction = ScalarQuantizer.Correction(query);
        return TopK.Collect(_rows, k, ParallelThreshold, (from, to, top) => Scan(q, correction, from, to, top, allowed));
    }

    private void Scan(ReadOnlySpan<sbyte> query, int correction, int from, int to, TopK top, Func<int, bool>? allowed)
    {
        Span<int> dots = stackalloc int[ScanBlock];
        var row = from;
        var worst = top.Worst;
        while (row < to)
        {
            var chunk = row >> ChunkShift;
            var codes = _codes[chunk].AsSpan();
            var scales = _scales[chunk];
            var first = row & ChunkMask;
            var count = Math.Min(ScanBlock, Math.Min(to, (chunk + 1) << ChunkShift) - row);
            var block = dots[..count];
            ScalarQuantizer.RawDots(codes.Slice(first * dimension, count * dimension), query, block);
            for (var i = 0; i < count; i++, row++)
            {
                var scale = scales[first + i];
                if (scale == 0)
                {
                    continue;
                }

                var score = scale * (block[i] - correction);
                if (score > worst && (allowed is null || allowed(row)))
                {
                    top.Offer(row, score);
                    worst = top.Worst;
                }
            }
        }
    }

    private void EnsureCapacity(int row)
    {
        var chunk = row >> ChunkShift;
        var index = row & ChunkMask;
        while (_codes.Count <= chunk)
        {
            // Earlier chunks are full: grow them to their final size before starting a new one.
            if (_codes.Count > 0)
            {
                Resize(_codes.Count - 1, ChunkRows);
            }

            _codes.Add(new byte[16 * dimension]);
            _scales.Add(new float[16]);
            _payloads.Add(new long[16]);
        }

        if (index >= _scales[chunk].Length)
        {
            Resize(chunk, Math.Min(ChunkRows, Math.Max(index + 1, _scales[chunk].Length * 2)));
        }
    }

    private void Resize(int chunk, int capacity)
    {
        if (_scales[chunk].Length >= capacity)
        {
            return;
        }

        var codes = _codes[chunk];
        var scales = _scales[chunk];
        var payloads = _payloads[chunk];
        Array.Resize(ref codes, capacity * dimension);
        Array.Resize(ref scales, capacity);
        Array.Resize(ref payloads, capacity);
        _codes[chunk] = codes;
        _scales[chunk] = scales;
        _payloads[chunk] = payloads;
    }
}
