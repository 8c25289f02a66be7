using NetVips;

namespace FileSearch.Imaging.Tests;

/// <summary>
/// Deterministic photo-like test images made with libvips (gradient sky, sinusoidal "plasma" texture, filled
/// shapes, sensor noise), and the edits a near-duplicate search must see through.
/// </summary>
internal static class SyntheticPhotos
{
    public static Image Create(int seed, int width = 480, int height = 360)
    {
        var random = new Random(seed);
        double[] Colour() => [random.Next(256), random.Next(256), random.Next(256)];

        using var xyz = Image.Xyz(width, height);
        using var x = xyz[0];
        using var y = xyz[1];
        var angle = random.NextDouble() * Math.PI * 2;
        using var t = ((x * Math.Cos(angle)) + (y * Math.Sin(angle))) / (width + height) + 0.5;
        var (from, to) = (Colour(), Colour());
        using var tt = t.Bandjoin(t, t);
        var image = (tt * to.Zip(from, (a, b) => a - b).ToArray()) + from;

        for (var wave = 0; wave < 2; wave++)
        {
            var (fx, fy) = (random.NextDouble() * 3, random.NextDouble() * 3);
            using var phase = ((x * fx) + (y * fy)).Math(Enums.OperationMath.Sin);
            using var coloured = phase.Bandjoin(phase, phase) * Colour().Select(c => (c - 128) / 4).ToArray();
            var next = image + coloured;
            image.Dispose();
            image = next;
        }

        using (var noise = Image.Gaussnoise(width, height, sigma: 4 + random.Next(10), mean: 0, seed: seed))
        using (var noisy = image + noise.Bandjoin(noise, noise))
        {
            image.Dispose();
            image = noisy.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        }

        var shapes = 2 + random.Next(5);
        var drawn = image.Mutate(m =>
        {
            for (var s = 0; s < shapes; s++)
            {
                var (cx, cy, r) = (random.Next(width), random.Next(height), 20 + random.Next(Math.Min(width, height) / 3));
                if (random.Next(2) == 0)
                {
                    m.DrawCircle(Colour(), cx, cy, r, fill: true);
                }
                else
                {
                    m.DrawRect(Colour(), cx - r, cy - (r / 2), r * 2, r, fill: true);
                }
            }
        });
        image.Dispose();
        return drawn;
    }

    /// <summary>The edited copies: name and the edit.</summary>
    public static IReadOnlyList<(string Name, Func<Image, Image> Edit)> Edits { get; } =
    [
        ("resized", i => i.Resize(0.5)),
        ("cropped10", i => i.Crop(i.Width / 20, i.Height / 20, i.Width * 9 / 10, i.Height * 9 / 10)),
        ("jpeg40", i => Image.NewFromBuffer(i.JpegsaveBuffer(q: 40))),
        ("grayscale", i => i.Colourspace(Enums.Interpretation.Bw)),
        ("rotated90", i => i.Rot90()),
        ("text", Overlay),
    ];

    private static Image Overlay(Image image)
    {
        using var mask = Image.Text("© 2025 営業部", font: "sans 14", dpi: 72);
        using var white = mask.NewFromImage([255.0, 255.0, 255.0]);
        using var rgba = white.Bandjoin(mask).Copy(interpretation: Enums.Interpretation.Srgb);
        using var composed = image.Composite2(rgba, Enums.BlendMode.Over, x: 10, y: image.Height - mask.Height - 10);
        return composed.ExtractBand(0, n: 3).Cast(Enums.BandFormat.Uchar);
    }
}
