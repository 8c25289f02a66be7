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

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(140)]
    [InlineData(512)]
    [InlineData(1024)]
    public void Dot_RandomCodesAnyLength_EqualsScalarLoop(int length)
    {
        var random = new Random(length);
        var a = new sbyte[length];
        var b = new sbyte[length];
        for (var i = 0; i < length; i++)
        {
            a[i] = (sbyte)random.Next(-128, 128);
            b[i] = (sbyte)random.Next(-128, 128);
        }

        Assert.Equal(ScalarQuantizer.DotScalar(a, b), ScalarQuantizer.Dot(a, b));
    }

    [Fact]
    public void Dot_ExtremeCodes_NoOverflow()
    {
        var a = Enumerable.Repeat((sbyte)-128, 1024).ToArray();
        var b = Enumerable.Repeat((sbyte)-128, 1024).ToArray();

        Assert.Equal(1024 * 128 * 128, ScalarQuantizer.Dot(a, b));
    }

    [Fact]
    public void Dot_QuantisedUnitVectors_ApproximatesFloatDotProduct()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var x = VectorStore.Normalise(Create(seed, 512));
            var y = VectorStore.Normalise(Create(seed + 1000, 512));
            var (cx, cy) = (new sbyte[512], new sbyte[512]);
            var sx = ScalarQuantizer.Quantize(x, cx);
            var sy = ScalarQuantizer.Quantize(y, cy);

            var approximate = sx * sy * ScalarQuantizer.Dot(cx, cy);

            Assert.Equal(System.Numerics.Tensors.TensorPrimitives.Dot(x, y), approximate, 0.01f);
        }
    }
}
