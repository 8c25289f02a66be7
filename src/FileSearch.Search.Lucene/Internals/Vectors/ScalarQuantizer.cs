using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FileSearch.Search.Lucene.Internals.Vectors;

/// <summary>
/// int8 scalar quantisation with one scale per vector: each component becomes round(x / scale) with
/// scale = max|x| / 127, so a vector's largest component uses the full range whatever the embedder's value spread
/// (ResNet18's pooled features are non-negative and small; a global scale would waste most of the levels).
/// The dot product of two vectors is then about scaleA × scaleB × Σ codeA·codeB, summed exactly in integers.
/// </summary>
internal static class ScalarQuantizer
{
    public const int MaxCode = 127;

    /// <summary>Writes the codes of <paramref name="vector"/> into <paramref name="codes"/> and returns its scale (0 for a zero vector).</summary>
    public static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        if (codes.Length != vector.Length)
        {
            throw new ArgumentException("codes and vector differ in length", nameof(codes));
        }

        var maxAbs = vector.IsEmpty ? 0 : TensorPrimitives.MaxMagnitude(vector);
        maxAbs = Math.Abs(maxAbs);
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

    /// <summary>Σ a[i]·b[i] over int8 codes, in 32-bit integers (exact: 65,536 × 127² fits), with AVX2 where present.</summary>
    public static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException("a and b differ in length", nameof(b));
        }

        var i = 0;
        var sum = 0;
        ref var pa = ref MemoryMarshal.GetReference(a);
        ref var pb = ref MemoryMarshal.GetReference(b);
        if (Avx2.IsSupported && a.Length >= Vector256<sbyte>.Count)
        {
            // Sign-extend 32 codes to two vectors of 16 shorts, then vpmaddwd: products of adjacent pairs summed into ints.
            var acc = Vector256<int>.Zero;
            for (; i <= a.Length - Vector256<sbyte>.Count; i += Vector256<sbyte>.Count)
            {
                var (aLow, aHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref pa, (nuint)i));
                var (bLow, bHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref pb, (nuint)i));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(aLow, bLow));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(aHigh, bHigh));
            }

            sum = Vector256.Sum(acc);
        }
        else if (Vector128.IsHardwareAccelerated && a.Length >= Vector128<sbyte>.Count)
        {
            var acc = Vector128<int>.Zero;
            for (; i <= a.Length - Vector128<sbyte>.Count; i += Vector128<sbyte>.Count)
            {
                var (aLow, aHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref pa, (nuint)i));
                var (bLow, bHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref pb, (nuint)i));
                acc += WidenedProduct(aLow, bLow) + WidenedProduct(aHigh, bHigh);
            }

            sum = Vector128.Sum(acc);
        }

        for (; i < a.Length; i++)
        {
            sum += Unsafe.Add(ref pa, i) * Unsafe.Add(ref pb, i);
        }

        return sum;
    }

    /// <summary>The plain loop <see cref="Dot"/> must agree with (tests and the benchmark's reference).</summary>
    internal static int DotScalar(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static Vector128<int> WidenedProduct(Vector128<short> a, Vector128<short> b)
    {
        // |code| ≤ 127, so each product (≤ 16,129) fits a short; widen before summing.
        var (low, high) = Vector128.Widen(a * b);
        return low + high;
    }
}
