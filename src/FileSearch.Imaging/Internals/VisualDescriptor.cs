namespace FileSearch.Imaging.Internals;

/// <summary>
/// The local embedder's descriptor, computed from a <see cref="Side"/> x <see cref="Side"/> CIE Lab image (the
/// picture squashed to a square, so a 90° rotation of the input is a 90° rotation here). Blocks, each
/// L2-normalised and weighted, then concatenated and L2-normalised:
/// lightness layout on 8x8 and 16x16 grids and gradient-energy layout on 8x8, all symmetrised over the four
/// 90° rotations and made zero-mean (structure, not brightness); a lightness histogram; an edge-orientation
/// histogram folded modulo 90° per ring (texture); a chroma (a*, b*) histogram (colour, weighted low so a
/// grayscale copy still matches).
/// </summary>
internal static class VisualDescriptor
{
    public const int Side = 64;
    public const int Dimension = 16 + 64 + 16 + 16 + 12 + 16;

    public static float[] Compute(ReadOnlySpan<float> lab)
    {
        var l = new float[Side * Side];
        var a = new float[Side * Side];
        var b = new float[Side * Side];
        for (var i = 0; i < l.Length; i++)
        {
            (l[i], a[i], b[i]) = (lab[3 * i], lab[(3 * i) + 1], lab[(3 * i) + 2]);
        }

        var gradient = new float[l.Length];
        var orientation = new float[l.Length];
        Gradients(l, gradient, orientation);

        var result = new List<float>(Dimension);
        Append(result, SymmetricLayout(l, 8), 1.0);
        Append(result, SymmetricLayout(l, 16), 1.0);
        Append(result, SymmetricLayout(gradient, 8), 0.8);
        Append(result, Histogram(l, 0, 100, 16), 0.7);
        Append(result, OrientationRings(gradient, orientation), 0.5);
        Append(result, ChromaHistogram(a, b), 0.35);
        return Normalize(result.ToArray());
    }

    private static void Gradients(float[] l, float[] magnitude, float[] orientation)
    {
        for (var y = 1; y < Side - 1; y++)
        {
            for (var x = 1; x < Side - 1; x++)
            {
                var i = (y * Side) + x;
                var gx = l[i + 1] - l[i - 1];
                var gy = l[i + Side] - l[i - Side];
                magnitude[i] = MathF.Sqrt((gx * gx) + (gy * gy));
                orientation[i] = MathF.Atan2(gy, gx);
            }
        }
    }

    /// <summary>Cell means on an n x n grid, summed over the four 90° rotations; the top-left quadrant holds one cell of each orbit.</summary>
    private static float[] SymmetricLayout(float[] values, int n)
    {
        var cells = new double[n, n];
        var cell = Side / n;
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                cells[y / cell, x / cell] += values[(y * Side) + x];
            }
        }

        var half = n / 2;
        var result = new float[half * half];
        for (var y = 0; y < half; y++)
        {
            for (var x = 0; x < half; x++)
            {
                var sum = cells[y, x] + cells[x, n - 1 - y] + cells[n - 1 - y, n - 1 - x] + cells[n - 1 - x, y];
                result[(y * half) + x] = (float)sum;
            }
        }

        var mean = result.Average();
        for (var i = 0; i < result.Length; i++)
        {
            result[i] -= mean;
        }

        return result;
    }

    private static float[] Histogram(float[] values, float min, float max, int bins)
    {
        var histogram = new float[bins];
        foreach (var v in values)
        {
            histogram[Math.Clamp((int)((v - min) / (max - min) * bins), 0, bins - 1)]++;
        }

        return Hellinger(histogram);
    }

    /// <summary>Gradient-weighted orientation in 4 bins over [0°, 90°) for 3 concentric rings.</summary>
    private static float[] OrientationRings(float[] magnitude, float[] orientation)
    {
        var result = new float[12];
        const float Centre = (Side - 1) / 2f;
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                var i = (y * Side) + x;
                var radius = MathF.Sqrt(((x - Centre) * (x - Centre)) + ((y - Centre) * (y - Centre))) / (Side / 2f);
                var ring = radius < 0.45f ? 0 : radius < 0.8f ? 1 : 2;
                var folded = orientation[i] % (MathF.PI / 2);
                if (folded < 0)
                {
                    folded += MathF.PI / 2;
                }

                result[(ring * 4) + Math.Min(3, (int)(folded / (MathF.PI / 2) * 4))] += magnitude[i];
            }
        }

        return Hellinger(result);
    }

    private static float[] ChromaHistogram(float[] a, float[] b)
    {
        var histogram = new float[16];
        for (var i = 0; i < a.Length; i++)
        {
            var ai = Math.Clamp((int)((a[i] + 60) / 30), 0, 3);
            var bi = Math.Clamp((int)((b[i] + 60) / 30), 0, 3);
            histogram[(ai * 4) + bi]++;
        }

        return Hellinger(histogram);
    }

    private static float[] Hellinger(float[] histogram)
    {
        var total = histogram.Sum();
        return total <= 0 ? histogram : [.. histogram.Select(v => MathF.Sqrt(v / total))];
    }

    private static void Append(List<float> target, float[] block, double weight)
    {
        var normalized = Normalize(block);
        target.AddRange(normalized.Select(v => (float)(v * weight)));
    }

    private static float[] Normalize(float[] vector)
    {
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return norm <= 1e-9f ? vector : [.. vector.Select(v => v / norm)];
    }
}
