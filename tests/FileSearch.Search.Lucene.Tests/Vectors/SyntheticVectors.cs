namespace FileSearch.Search.Lucene.Tests.Vectors;

/// <summary>Deterministic random unit vectors for tests.</summary>
internal static class SyntheticVectors
{
    public static float[] Create(int seed, int dimension = 8)
    {
        var random = new Random(seed);
        var vector = new float[dimension];
        for (var i = 0; i < dimension; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return vector;
    }

    /// <summary>A unit vector along one axis.</summary>
    public static float[] Axis(int axis, int dimension = 8, float tilt = 0)
    {
        var vector = new float[dimension];
        vector[axis] = 1;
        vector[(axis + 1) % dimension] = tilt;
        return vector;
    }
}
