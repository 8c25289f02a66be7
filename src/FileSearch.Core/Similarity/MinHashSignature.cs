using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace FileSearch.Core.Similarity;

/// <summary>
/// A MinHash signature of a text: <see cref="Length"/> minimum 32-bit hash values over the text's character 5-gram
/// shingles, after normalisation (Unicode NFKC, which folds full-width ASCII and half-width katakana; lower case; every
/// white-space and control character removed, so line wrapping and spacing do not matter and Japanese needs no
/// tokeniser). The fraction of equal positions between two signatures estimates the Jaccard similarity of the two
/// shingle sets (standard error about 0.035 at 0.8). Stored with the document as base64 (<see cref="ToBase64"/>,
/// 684 characters).
/// </summary>
public sealed class MinHashSignature : IEquatable<MinHashSignature>
{
    /// <summary>Number of hash values in a signature.</summary>
    public const int Length = 128;

    /// <summary>Shingle width in characters (after normalisation).</summary>
    public const int ShingleWidth = 5;

    private static readonly ulong[] Seeds = CreateSeeds();

    private readonly uint[] _values;

    private MinHashSignature(uint[] values) => _values = values;

    /// <summary>The hash values (read-only view).</summary>
    public ReadOnlySpan<uint> Values => _values;

    /// <summary>The signature of <paramref name="text"/>, or null when nothing is left of it after normalisation.</summary>
    public static MinHashSignature? Compute(string? text)
    {
        var normal = Normalize(text);
        if (normal.Length == 0)
        {
            return null;
        }

        return new MinHashSignature(Avx2.IsSupported ? MinimaAvx2(normal) : MinimaScalar(normal));
    }

    /// <summary>The signature's values one seed at a time (any CPU; the reference for <see cref="MinimaAvx2"/>).</summary>
    internal static uint[] MinimaScalar(string normal)
    {
        var values = new uint[Length];
        Array.Fill(values, uint.MaxValue);
        var width = Math.Min(ShingleWidth, normal.Length);
        for (var start = 0; start + width <= normal.Length; start++)
        {
            var shingle = ShingleHash(normal.AsSpan(start, width));
            for (var i = 0; i < values.Length; i++)
            {
                var v = (uint)(Mix(shingle ^ Seeds[i]) >> 32);
                if (v < values[i])
                {
                    values[i] = v;
                }
            }
        }

        return values;
    }

    /// <summary>
    /// The same values four seeds at a time: <see cref="Mix"/> on 64-bit lanes, each 64-bit product made of three 32-bit
    /// ones (AVX2 multiplies only 32-bit halves), the minima kept as the upper halves in 64-bit lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static uint[] MinimaAvx2(string normal)
    {
        const int Lanes = 4;
        Span<Vector256<ulong>> minima = stackalloc Vector256<ulong>[Length / Lanes];
        minima.Fill(Vector256.Create((ulong)uint.MaxValue));
        var seeds = MemoryMarshal.Cast<ulong, Vector256<ulong>>(Seeds);
        var width = Math.Min(ShingleWidth, normal.Length);
        for (var start = 0; start + width <= normal.Length; start++)
        {
            var shingle = Vector256.Create(ShingleHash(normal.AsSpan(start, width)));
            for (var i = 0; i < minima.Length; i++)
            {
                var z = shingle ^ seeds[i];
                z = Multiply(z ^ Vector256.ShiftRightLogical(z, 30), 0xBF58476D1CE4E5B9UL);
                z = Multiply(z ^ Vector256.ShiftRightLogical(z, 27), 0x94D049BB133111EBUL);
                var v = Vector256.ShiftRightLogical(z ^ Vector256.ShiftRightLogical(z, 31), 32);
                // Both sides are below 2^32: a signed comparison orders them as unsigned ones.
                minima[i] = Vector256.ConditionalSelect(Vector256.LessThan(v.AsInt64(), minima[i].AsInt64()).AsUInt64(), v, minima[i]);
            }
        }

        var values = new uint[Length];
        for (var i = 0; i < minima.Length; i++)
        {
            for (var lane = 0; lane < Lanes; lane++)
            {
                values[(i * Lanes) + lane] = (uint)minima[i].GetElement(lane);
            }
        }

        return values;
    }

    /// <summary>The low 64 bits of each lane times <paramref name="factor"/>: lo·lo + ((hi·lo + lo·hi) &lt;&lt; 32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Multiply(Vector256<ulong> z, ulong factor)
    {
        var low = Vector256.Create(factor & uint.MaxValue).AsUInt32();
        var high = Vector256.Create(factor >> 32).AsUInt32();
        var cross = Avx2.Multiply(Vector256.ShiftRightLogical(z, 32).AsUInt32(), low) + Avx2.Multiply(z.AsUInt32(), high);
        return Avx2.Multiply(z.AsUInt32(), low) + Vector256.ShiftLeft(cross, 32);
    }

    /// <summary>NFKC, lower case, white space and control characters removed.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        string nfkc;
        try
        {
            nfkc = text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            nfkc = text; // lone surrogates: compare the text as it is
        }

        var sb = new StringBuilder(nfkc.Length);
        foreach (var c in nfkc)
        {
            if (!char.IsWhiteSpace(c) && !char.IsControl(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.ToString();
    }

    /// <summary>Estimated Jaccard similarity: the fraction of positions whose values are equal.</summary>
    public double Similarity(MinHashSignature other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var same = 0;
        for (var i = 0; i < Length; i++)
        {
            if (_values[i] == other._values[i])
            {
                same++;
            }
        }

        return (double)same / Length;
    }

    public string ToBase64()
    {
        var bytes = new byte[Length * sizeof(uint)];
        for (var i = 0; i < Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * sizeof(uint)), _values[i]);
        }

        return Convert.ToBase64String(bytes);
    }

    /// <summary>Reads <see cref="ToBase64"/>; null for null, malformed or differently sized input (computed by another scheme).</summary>
    public static MinHashSignature? FromBase64(string? base64)
    {
        if (string.IsNullOrEmpty(base64))
        {
            return null;
        }

        var bytes = new byte[Length * sizeof(uint)];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written != bytes.Length)
        {
            return null;
        }

        var values = new uint[Length];
        for (var i = 0; i < Length; i++)
        {
            values[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * sizeof(uint)));
        }

        return new MinHashSignature(values);
    }

    public bool Equals(MinHashSignature? other) => other is not null && _values.AsSpan().SequenceEqual(other._values);

    public override bool Equals(object? obj) => Equals(obj as MinHashSignature);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_values.AsSpan()));
        return hash.ToHashCode();
    }

    /// <summary>64-bit FNV-1a over the UTF-16 code units, finished with <see cref="Mix"/>.</summary>
    private static ulong ShingleHash(ReadOnlySpan<char> shingle)
    {
        var h = 14695981039346656037UL;
        foreach (var c in shingle)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return Mix(h);
    }

    /// <summary>The splitmix64 finaliser: a bijection that spreads every input bit over the output.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong[] CreateSeeds()
    {
        var seeds = new ulong[Length];
        for (var i = 0; i < Length; i++)
        {
            seeds[i] = Mix(0x9E3779B97F4A7C15UL * (ulong)(i + 1));
        }

        return seeds;
    }
}
