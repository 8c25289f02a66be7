using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FileSearch.Search.Lucene.Internals.Vectors;

/// <summary>The instruction sets <see cref="ScalarQuantizer.RawDot(ReadOnlySpan{byte}, ReadOnlySpan{sbyte}, DotPath)"/> can use.</summary>
internal enum DotPath
{
    Scalar,
    Vector128,
    Avx2,
    AvxVnni,
}

/// <summary>
/// int8 scalar quantisation with one scale per vector: each component becomes round(x / scale) with
/// scale = max|x| / 127, so a vector's largest component uses the full range whatever the embedder's value spread
/// (ResNet18's pooled features are non-negative and small; a global scale would waste most of the levels).
/// Stored vectors keep their codes offset by 128 as unsigned bytes (<see cref="Encode"/>), the layout of the
/// VNNI instruction that multiplies unsigned by signed bytes and adds four products into an int (vpdpbusd); the query
/// stays signed. The dot product of a stored vector and a query is then
/// scale × queryScale × (Σ stored·query − 128 × Σ query), summed exactly in integers.
/// </summary>
internal static class ScalarQuantizer
{
    public const int MaxCode = 127;
    public const int Offset = 128;

    /// <summary>The fastest path this processor supports.</summary>
    public static readonly DotPath BestPath =
        AvxVnni.IsSupported ? DotPath.AvxVnni
        : Avx2.IsSupported ? DotPath.Avx2
        : Vector128.IsHardwareAccelerated ? DotPath.Vector128
        : DotPath.Scalar;

    /// <summary>Writes the signed codes of <paramref name="vector"/> into <paramref name="codes"/> and returns its scale (0 for a zero vector).</summary>
    public static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        if (codes.Length != vector.Length)
        {
            throw new ArgumentException("codes and vector differ in length", nameof(codes));
        }

        var maxAbs = vector.IsEmpty ? 0 : Math.Abs(TensorPrimitives.MaxMagnitude(vector));
        if (!(maxAbs > 0) || !float.IsFinite(maxAbs))
        {
            codes.Clear();
            return 0;
        }

        var inverse = MaxCode / maxAbs;
        for (var i = 0; i < vector.Length; i++)
        {
            codes[i] = (sbyte)Math.Clamp((int)MathF.Round(vector[i] * inverse), -MaxCode, MaxCode);
        }

        return maxAbs / MaxCode;
    }

    /// <summary>The stored form: codes plus <see cref="Offset"/> as unsigned bytes; returns the scale.</summary>
    public static float Encode(ReadOnlySpan<float> vector, Span<byte> stored)
    {
        var scale = Quantize(vector, MemoryMarshal.Cast<byte, sbyte>(stored));
        for (var i = 0; i < stored.Length; i++)
        {
            stored[i] = (byte)((sbyte)stored[i] + Offset);
        }

        return scale;
    }

    /// <summary>What <see cref="RawDot(ReadOnlySpan{byte}, ReadOnlySpan{sbyte})"/> exceeds the dot product of the signed codes by: 128 × Σ query.</summary>
    public static int Correction(ReadOnlySpan<sbyte> query)
    {
        var sum = 0;
        foreach (var q in query)
        {
            sum += q;
        }

        return Offset * sum;
    }

    /// <summary>Σ stored[i]·query[i] (stored unsigned, query signed) in 32-bit integers, by the fastest path.</summary>
    public static int RawDot(ReadOnlySpan<byte> stored, ReadOnlySpan<sbyte> query) => RawDot(stored, query, BestPath);

    /// <summary>Σ stored[i]·query[i] by the given path (tests compare every path the processor has with the scalar loop).</summary>
    internal static int RawDot(ReadOnlySpan<byte> stored, ReadOnlySpan<sbyte> query, DotPath path)
    {
        if (stored.Length != query.Length)
        {
            throw new ArgumentException("stored and query differ in length", nameof(query));
        }

        ref var pa = ref MemoryMarshal.GetReference(stored);
        ref var pb = ref MemoryMarshal.GetReference(query);
        var (i, sum) = path switch
        {
            DotPath.AvxVnni => Vnni(ref pa, ref pb, stored.Length),
            DotPath.Avx2 => Avx2Dot(ref pa, ref pb, stored.Length),
            DotPath.Vector128 => Vector128Dot(ref pa, ref pb, stored.Length),
            _ => (0, 0),
        };
        for (; i < stored.Length; i++)
        {
            sum += Unsafe.Add(ref pa, i) * Unsafe.Add(ref pb, i);
        }

        return sum;
    }

    /// <summary>
    /// <see cref="RawDot(ReadOnlySpan{byte}, ReadOnlySpan{sbyte})"/> of each of the rows laid end to end in
    /// <paramref name="rows"/> (one per element of <paramref name="dots"/>). With VNNI and a dimension that is a multiple
    /// of 64 two rows go through the loop together, sharing the query's loads and with no call per row.
    /// </summary>
    public static void RawDots(ReadOnlySpan<byte> rows, ReadOnlySpan<sbyte> query, Span<int> dots)
    {
        var dimension = query.Length;
        if (rows.Length != dots.Length * dimension)
        {
            throw new ArgumentException("rows is not dots.Length rows of the query's dimension", nameof(rows));
        }

        var r = 0;
        if (BestPath == DotPath.AvxVnni && dimension % 64 == 0)
        {
            ref var pq = ref MemoryMarshal.GetReference(query);
            ref var pr = ref MemoryMarshal.GetReference(rows);
            for (; r <= dots.Length - 2; r += 2)
            {
                ref var first = ref Unsafe.Add(ref pr, r * dimension);
                ref var second = ref Unsafe.Add(ref first, dimension);
                var (a0, a1, b0, b1) = (Vector256<int>.Zero, Vector256<int>.Zero, Vector256<int>.Zero, Vector256<int>.Zero);
                for (var i = 0; i < dimension; i += 64)
                {
                    var q0 = Vector256.LoadUnsafe(ref pq, (nuint)i);
                    var q1 = Vector256.LoadUnsafe(ref pq, (nuint)(i + 32));
                    a0 = AvxVnni.MultiplyWideningAndAdd(a0, Vector256.LoadUnsafe(ref first, (nuint)i), q0);
                    a1 = AvxVnni.MultiplyWideningAndAdd(a1, Vector256.LoadUnsafe(ref first, (nuint)(i + 32)), q1);
                    b0 = AvxVnni.MultiplyWideningAndAdd(b0, Vector256.LoadUnsafe(ref second, (nuint)i), q0);
                    b1 = AvxVnni.MultiplyWideningAndAdd(b1, Vector256.LoadUnsafe(ref second, (nuint)(i + 32)), q1);
                }

                dots[r] = Vector256.Sum(a0 + a1);
                dots[r + 1] = Vector256.Sum(b0 + b1);
            }
        }

        for (; r < dots.Length; r++)
        {
            dots[r] = RawDot(rows.Slice(r * dimension, dimension), query);
        }
    }

    /// <summary>vpdpbusd over 32 bytes at a time, four independent sums so the adds do not wait on each other.</summary>
    private static (int Done, int Sum) Vnni(ref byte pa, ref sbyte pb, int length)
    {
        var (a0, a1, a2, a3) = (Vector256<int>.Zero, Vector256<int>.Zero, Vector256<int>.Zero, Vector256<int>.Zero);
        var i = 0;
        for (; i <= length - 128; i += 128)
        {
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, Vector256.LoadUnsafe(ref pa, (nuint)i), Vector256.LoadUnsafe(ref pb, (nuint)i));
            a1 = AvxVnni.MultiplyWideningAndAdd(a1, Vector256.LoadUnsafe(ref pa, (nuint)(i + 32)), Vector256.LoadUnsafe(ref pb, (nuint)(i + 32)));
            a2 = AvxVnni.MultiplyWideningAndAdd(a2, Vector256.LoadUnsafe(ref pa, (nuint)(i + 64)), Vector256.LoadUnsafe(ref pb, (nuint)(i + 64)));
            a3 = AvxVnni.MultiplyWideningAndAdd(a3, Vector256.LoadUnsafe(ref pa, (nuint)(i + 96)), Vector256.LoadUnsafe(ref pb, (nuint)(i + 96)));
        }

        for (; i <= length - 32; i += 32)
        {
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, Vector256.LoadUnsafe(ref pa, (nuint)i), Vector256.LoadUnsafe(ref pb, (nuint)i));
        }

        return (i, Vector256.Sum((a0 + a1) + (a2 + a3)));
    }

    /// <summary>Zero-extends the stored bytes and sign-extends the query to shorts, then vpmaddwd (adjacent products summed into ints).</summary>
    private static (int Done, int Sum) Avx2Dot(ref byte pa, ref sbyte pb, int length)
    {
        var (a0, a1) = (Vector256<int>.Zero, Vector256<int>.Zero);
        var i = 0;
        for (; i <= length - 32; i += 32)
        {
            var (aLow, aHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref pa, (nuint)i));
            var (bLow, bHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref pb, (nuint)i));
            a0 = Avx2.Add(a0, Avx2.MultiplyAddAdjacent(aLow.AsInt16(), bLow));
            a1 = Avx2.Add(a1, Avx2.MultiplyAddAdjacent(aHigh.AsInt16(), bHigh));
        }

        return (i, Vector256.Sum(a0 + a1));
    }

    private static (int Done, int Sum) Vector128Dot(ref byte pa, ref sbyte pb, int length)
    {
        var acc = Vector128<int>.Zero;
        var i = 0;
        for (; i <= length - 16; i += 16)
        {
            var (aLow, aHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref pa, (nuint)i));
            var (bLow, bHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref pb, (nuint)i));
            acc += WidenedProduct(aLow.AsInt16(), bLow) + WidenedProduct(aHigh.AsInt16(), bHigh);
        }

        return (i, Vector128.Sum(acc));
    }

    private static Vector128<int> WidenedProduct(Vector128<short> a, Vector128<short> b)
    {
        // Products of a byte (≤ 255) and a code (|q| ≤ 128) can pass a short: widen the factors first.
        var (aLow, aHigh) = Vector128.Widen(a);
        var (bLow, bHigh) = Vector128.Widen(b);
        return (aLow * bLow) + (aHigh * bHigh);
    }
}
