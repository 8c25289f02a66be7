using FileSearch.Search.Lucene.Internals.Vectors;
using static FileSearch.Search.Lucene.Tests.Vectors.SyntheticVectors;

namespace FileSearch.Search.Lucene.Tests.Vectors;

[Trait("Category", "Unit")]
public sealed class ScalarQuantizerTests
{
    [Fact]
    public void Quantize_LargestComponent_GetsFullRangeAndScaleRestoresValues()
    {
        float[] vector = [0.5f, -0.25f, 0.125f, 0f];
        var codes = new sbyte[4];

        var scale = ScalarQuantizer.Quantize(vector, codes);

        Assert.Equal([127, -64, 32, 0], codes.Select(c => (int)c));
        Assert.Equal(0.5f / 127, scale, 1e-7f);
        for (var i = 0; i < vector.Length; i++)
        {
            Assert.InRange(Math.Abs((codes[i] * scale) - vector[i]), 0, (scale / 2) + 1e-7f);
        }
    }

    [Fact]
    public void Quantize_ZeroVector_ScaleZeroAndCodesCleared()
    {
        var codes = new sbyte[] { 1, 2, 3 };

        var scale = ScalarQuantizer.Quantize(new float[3], codes);

        Assert.Equal(0f, scale);
        Assert.All(codes, c => Assert.Equal(0, c));
    }

    /// <summary>Every path this processor supports (the others cannot run here), with lengths around the vector widths.</summary>
    public static TheoryData<string, int> PathsAndLengths()
    {
        var data = new TheoryData<string, int>();
        foreach (var path in Enum.GetNames<DotPath>().Where(p => Supported(Enum.Parse<DotPath>(p))))
        {
            foreach (var length in new[] { 1, 15, 16, 31, 32, 33, 127, 128, 140, 160, 512, 1024 })
            {
                data.Add(path, length);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndLengths))]
    public void RawDot_RandomBytesAnyLength_EqualsScalarLoop(string path, int length)
    {
        var random = new Random(length);
        var stored = new byte[length];
        var query = new sbyte[length];
        random.NextBytes(stored);
        for (var i = 0; i < length; i++)
        {
            query[i] = (sbyte)random.Next(-128, 128);
        }

        var expected = 0;
        for (var i = 0; i < length; i++)
        {
            expected += stored[i] * query[i];
        }

        Assert.Equal(expected, ScalarQuantizer.RawDot(stored, query, Enum.Parse<DotPath>(path)));
    }

    [Theory]
    [InlineData(64, 7)]
    [InlineData(140, 5)]
    [InlineData(512, 9)]
    [InlineData(512, 256)]
    public void RawDots_BlockOfRows_EqualsRowByRow(int dimension, int count)
    {
        var random = new Random(dimension + count);
        var rows = new byte[dimension * count];
        random.NextBytes(rows);
        var query = new sbyte[dimension];
        for (var i = 0; i < dimension; i++)
        {
            query[i] = (sbyte)random.Next(-127, 128);
        }

        var dots = new int[count];
        ScalarQuantizer.RawDots(rows, query, dots);

        for (var r = 0; r < count; r++)
        {
            Assert.Equal(ScalarQuantizer.RawDot(rows.AsSpan(r * dimension, dimension), query, DotPath.Scalar), dots[r]);
        }
    }

    [Fact]
    public void RawDot_ExtremeValues_NoOverflowOrSaturation()
    {
        var stored = Enumerable.Repeat((byte)255, 1024).ToArray();
        var query = Enumerable.Repeat((sbyte)-128, 1024).ToArray();

        Assert.Equal(1024 * 255 * -128, ScalarQuantizer.RawDot(stored, query));
    }

    [Fact]
    public void Encode_ThenRawDotMinusCorrection_EqualsSignedCodeDotProduct()
    {
        var x = VectorStore.Normalise(Create(1, 512));
        var y = VectorStore.Normalise(Create(2, 512));
        var (stored, signed, query) = (new byte[512], new sbyte[512], new sbyte[512]);
        ScalarQuantizer.Encode(x, stored);
        ScalarQuantizer.Quantize(x, signed);
        ScalarQuantizer.Quantize(y, query);
        var expected = 0;
        for (var i = 0; i < 512; i++)
        {
            expected += signed[i] * query[i];
        }

        Assert.Equal(expected, ScalarQuantizer.RawDot(stored, query) - ScalarQuantizer.Correction(query));
    }

    [Fact]
    public void Dot_QuantisedUnitVectors_ApproximatesFloatDotProduct()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var x = VectorStore.Normalise(Create(seed, 512));
            var y = VectorStore.Normalise(Create(seed + 1000, 512));
            var (stored, query) = (new byte[512], new sbyte[512]);
            var sx = ScalarQuantizer.Encode(x, stored);
            var sy = ScalarQuantizer.Quantize(y, query);

            var approximate = sx * sy * (ScalarQuantizer.RawDot(stored, query) - ScalarQuantizer.Correction(query));

            Assert.Equal(System.Numerics.Tensors.TensorPrimitives.Dot(x, y), approximate, 0.01f);
        }
    }

    private static bool Supported(DotPath path) => path switch
    {
        DotPath.AvxVnni => System.Runtime.Intrinsics.X86.AvxVnni.IsSupported,
        DotPath.Avx2 => System.Runtime.Intrinsics.X86.Avx2.IsSupported,
        DotPath.Vector128 => System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated,
        _ => true,
    };
}
