using System.Globalization;
using NetVips;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>Deterministic photo-like JPEGs for benchmarks: gradient, sinusoidal texture, sensor noise and shapes.</summary>
internal static class BenchPhotos
{
    /// <summary>Returns <paramref name="count"/> JPEGs of <paramref name="width"/>x<paramref name="height"/> in <paramref name="folder"/>, made once and reused.</summary>
    public static IReadOnlyList<string> Ensure(string folder, int count, int width, int height, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var paths = new List<string>(count);
        for (var n = 0; n < count; n++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"photo-{n:000}.jpg"));
            if (!File.Exists(path))
            {
                using var photo = Create(n, width, height);
                photo.Jpegsave(path + ".tmp.jpg", q: 90);
                File.Move(path + ".tmp.jpg", path, overwrite: true);
            }

            paths.Add(path);
        }

        return paths;
    }

    /// <summary>One photo-like image; the same seed gives the same picture.</summary>
    internal static Image Create(int seed, int width, int height)
    {
        // Not cryptographic: reproducible test pictures.
#pragma warning disable CA5394
        var random = new Random(seed);
        double[] Colour() => [random.Next(256), random.Next(256), random.Next(256)];
        using var xyz = Image.Xyz(width, height);
        using var x = xyz[0];
        using var y = xyz[1];
        var angle = random.NextDouble() * Math.PI * 2;
        using var t = (((x * Math.Cos(angle)) + (y * Math.Sin(angle))) / (width + height)) + 0.5;
        using var t3 = t.Bandjoin(t, t);
        var (from, to) = (Colour(), Colour());
        using var gradient = (t3 * to.Zip(from, (a, b) => a - b).ToArray()) + from;
        var (fx, fy) = (random.NextDouble() * 0.5, random.NextDouble() * 0.5);
        using var wave = ((x * fx) + (y * fy)).Math(Enums.OperationMath.Sin);
        using var texture = wave.Bandjoin(wave, wave) * Colour().Select(c => (c - 128) / 4).ToArray();
        using var noise = Image.Gaussnoise(width, height, sigma: 8, seed: seed);
        using var sum = gradient + texture + noise.Bandjoin(noise, noise);
        using var photo = sum.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        var shapes = 3 + random.Next(5);
        var circles = Enumerable.Range(0, shapes)
            .Select(_ => (Colour: Colour(), X: random.Next(width), Y: random.Next(height), R: 50 + random.Next(height / 4))).ToList();
#pragma warning restore CA5394
        return photo.Mutate(m =>
        {
            foreach (var c in circles)
            {
                m.DrawCircle(c.Colour, c.X, c.Y, c.R, fill: true);
            }
        });
    }
}
