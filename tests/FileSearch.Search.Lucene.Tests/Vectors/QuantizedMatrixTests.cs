using FileSearch.Search.Lucene.Internals.Vectors;
using static FileSearch.Search.Lucene.Tests.Vectors.SyntheticVectors;

namespace FileSearch.Search.Lucene.Tests.Vectors;

[Trait("Category", "Unit")]
public sealed class QuantizedMatrixTests
{
    /// <summary>More rows than one chunk and than the parallel threshold, so both the chunk walk and the split scan run.</summary>
    private const int Rows = QuantizedMatrix.ChunkRows + 5_000;

    [Fact]
    public void Search_RowsOverSeveralChunks_SameOrderAsScalarReferenceOverCodes()
    {
        var matrix = new QuantizedMatrix(32);
        for (var i = 0; i < Rows; i++)
        {
            matrix.Add(VectorStore.Normalise(Create(i, 32)), payload: i * 10L);
        }

        var query = new sbyte[32];
        ScalarQuantizer.Quantize(VectorStore.Normalise(Create(-7, 32)), query);
        var expected = Enumerable.Range(0, Rows)
            .Select(r => (Row: r, Score: matrix.Scale(r) * ScalarDot(matrix.Codes(r), query)))
            .OrderByDescending(r => r.Score).ThenBy(r => r.Row).Take(50).ToList();

        var actual = matrix.Search(query, 50, null);

        Assert.Equal(expected.Select(e => e.Row), actual.Select(a => a.Row));
        Assert.Equal(expected.Select(e => e.Score), actual.Select(a => a.Score));
        Assert.Equal(70_000L, matrix.Payload(7_000));
    }

    [Fact]
    public void Search_RemovedRowsAndFilter_NeverReturnedAndRowsReused()
    {
        var matrix = new QuantizedMatrix(8);
        for (var i = 0; i < 100; i++)
        {
            matrix.Add(VectorStore.Normalise(Create(i, 8)), payload: i);
        }

        matrix.Remove(3);
        matrix.Remove(4);
        var query = new sbyte[8];
        ScalarQuantizer.Quantize(VectorStore.Normalise(Create(3, 8)), query); // row 3's own direction
        var asked = 0;

        var hits = matrix.Search(query, 10, row => { Interlocked.Increment(ref asked); return row % 2 == 1; });

        Assert.DoesNotContain(hits, h => h.Row is 3 or 4);
        Assert.All(hits, h => Assert.Equal(1, h.Row % 2));
        Assert.Equal(10, hits.Count);
        Assert.Equal(98, matrix.Count);
        Assert.Equal(4, matrix.Add(Create(1, 8), payload: 1));
        Assert.True(asked < 98, $"the filter was asked about {asked} rows, every row");
    }

    [Fact]
    public void ResidentBytes_FullChunk_DimensionPlusTwelveBytesPerRow()
    {
        var matrix = new QuantizedMatrix(64);
        for (var i = 0; i <= QuantizedMatrix.ChunkRows; i++)
        {
            matrix.Add(Axis(i % 64, 64), payload: i);
        }

        // One full chunk plus the start of the next (16 rows).
        Assert.Equal((QuantizedMatrix.ChunkRows + 16) * (64 + 12L), matrix.ResidentBytes);
    }

    /// <summary>The plain loop over the signed codes (stored bytes minus the offset).</summary>
    private static int ScalarDot(ReadOnlySpan<byte> stored, sbyte[] query)
    {
        var sum = 0;
        for (var i = 0; i < query.Length; i++)
        {
            sum += (stored[i] - ScalarQuantizer.Offset) * query[i];
        }

        return sum;
    }
}
