namespace FileSearch.Imaging.Tests;

[Trait("Category", "Unit")]
public sealed class PageGrainTests
{
    private const int Width = 600;
    private const int Height = 400;

    [Fact]
    public void Measure_CleanPageWithText_Zero()
    {
        var pixels = Paper(sigma: 0);
        DrawBlocks(pixels);

        Assert.Equal(0, PageGrain.Measure(pixels, Width, Height, Width));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(14)]
    [InlineData(20)]
    public void Measure_GaussianNoise_AboutItsDeviation(int sigma)
    {
        var pixels = Paper(sigma);
        DrawBlocks(pixels);

        // The median absolute difference of two such pixels is 0.95 of the deviation.
        var grain = PageGrain.Measure(pixels, Width, Height, Width);
        Assert.InRange(grain, (int)(sigma * 0.8), (int)Math.Ceiling(sigma * 1.05));
    }

    [Fact]
    public void Measure_OnePixelWidePage_Zero() => Assert.Equal(0, PageGrain.Measure(new byte[10], 1, 10, 1));

    /// <summary>Grey paper (200, far enough from white that the noise is not clipped) with Gaussian noise of <paramref name="sigma"/>, seeded.</summary>
    private static byte[] Paper(int sigma)
    {
        var random = new Random(7);
        var pixels = new byte[Width * Height];
        for (var i = 0; i < pixels.Length; i++)
        {
            // Box-Muller: one normal sample from two uniform ones.
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            pixels[i] = (byte)Math.Clamp(Math.Round(200 + (sigma * normal)), 0, 255);
        }

        return pixels;
    }

    /// <summary>A few dark character-sized blocks in two rows: the edges of text are a small share of any page.</summary>
    private static void DrawBlocks(byte[] pixels)
    {
        for (var block = 0; block < 8; block++)
        {
            var (x0, y0) = (40 + (block % 4 * 60), 60 + (block / 4 * 80));
            for (var y = y0; y < y0 + 40; y++)
            {
                pixels.AsSpan((y * Width) + x0, 40).Fill(20);
            }
        }
    }
}
