namespace FileSearch.Bench.Commands.Bench;

/// <summary>
/// The vectors of <c>bench knn</c>, clustered as real embeddings are: seed vectors (ResNet18 embeddings of real
/// photographs, or random non-negative ones), <see cref="Centres"/> sub-cluster centres drawn around the seeds
/// (relative noise 0.5), and each vector drawn around a centre (relative noise 0.25), clipped at zero as a ReLU
/// network's pooled features are, then L2-normalised. Every vector and query is a pure function of (seed, index), so
/// the store and the exact reference get the same vectors without holding them twice.
/// </summary>
public sealed class KnnVectorSet
{
    private const double CentreNoise = 0.5;
    private const double VectorNoise = 0.25;
    private const double EditNoise = 0.1;
    private readonly float[][] _centres;
    private readonly ulong _seed;

    public KnnVectorSet(IReadOnlyList<float[]> seeds, int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfZero(seeds.Count);
        Dimension = seeds[0].Length;
        Count = count;
        _seed = seed;
        var centres = Math.Max(1, count / 500);
        var random = new SplitMix(seed ^ 0xC3A5C85C97CB3127UL);
        _centres = [.. Enumerable.Range(0, centres).Select(c => Around(ref random, seeds[c % seeds.Count], CentreNoise))];
    }

    public int Dimension { get; }

    public int Count { get; }

    public int Centres => _centres.Length;

    /// <summary>Vector <paramref name="index"/> of the set.</summary>
    public float[] Vector(int index)
    {
        var random = new SplitMix(_seed + (ulong)index);
        var centre = _centres[(int)(random.Next() % (ulong)_centres.Length)];
        return Around(ref random, centre, VectorNoise);
    }

    /// <summary>
    /// Query <paramref name="index"/>: even ones an edited copy of a stored vector (relative noise 0.1, as a
    /// re-saved photo), odd ones a new vector of a random cluster (a new photo of a known scene).
    /// </summary>
    public float[] Query(int index)
    {
        var random = new SplitMix(~_seed - (ulong)index);
        return index % 2 == 0
            ? Around(ref random, Vector((int)(random.Next() % (ulong)Count)), EditNoise)
            : Around(ref random, _centres[(int)(random.Next() % (ulong)_centres.Length)], VectorNoise);
    }

    /// <summary>Random non-negative unit vectors: the seeds when no photograph embeddings are used.</summary>
    public static List<float[]> RandomSeeds(int count, int dimension, ulong seed)
    {
        var random = new SplitMix(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var v = new float[dimension];
            for (var i = 0; i < dimension; i++)
            {
                v[i] = (float)Math.Max(0, random.Gaussian());
            }

            return Normalise(v);
        })];
    }

    /// <summary>max(0, <paramref name="centre"/> + noise) normalised; the noise's norm is <paramref name="relative"/> of the unit centre's.</summary>
    private static float[] Around(ref SplitMix random, float[] centre, double relative)
    {
        var sigma = relative / Math.Sqrt(centre.Length);
        var v = new float[centre.Length];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = (float)Math.Max(0, centre[i] + (sigma * random.Gaussian()));
        }

        return Normalise(v);
    }

    private static float[] Normalise(float[] v)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
        if (norm > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
        }
        else
        {
            v[0] = 1;
        }

        return v;
    }

    /// <summary>SplitMix64: a small, fast generator whose state is one number, so every vector has its own stream.</summary>
    private struct SplitMix(ulong state)
    {
        private ulong _state = state;

        public ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>A standard normal value (Box-Muller).</summary>
        public double Gaussian()
        {
            var u1 = ((Next() >> 11) + 1.0) / 9007199254740993.0;
            var u2 = (Next() >> 11) / 9007199254740992.0;
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
    }
}
