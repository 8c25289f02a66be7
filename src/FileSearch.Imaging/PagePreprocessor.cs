using System.Globalization;
using FileSearch.Imaging.Internals;
using NetVips;

namespace FileSearch.Imaging;

/// <summary>A preprocessed page and the operations applied to it (e.g. <c>denoise,normalize,deskew:-2.1,upscale:1.5</c>).</summary>
public sealed record PreprocessedPage(GrayPageImage Image, string Operations) : IDisposable
{
    /// <summary>Disposes the page's pixels.</summary>
    public void Dispose() => Image.Dispose();
}

/// <summary>
/// Cleans a decoded page for OCR with libvips: median denoise, percentile contrast stretch, upscale of low-resolution
/// pages, deskew (projection-profile search on a small binarised copy) and Otsu or adaptive binarisation. The input page
/// is left untouched; the caller disposes both.
/// </summary>
public static class PagePreprocessor
{
    private const double SkewStepDegrees = 0.1;
    private const int SkewStripWidth = 24;
    private const double MinSkewDegrees = 0.3;
    private const int SkewSampleWidth = 600;
    private const double MaxPageInches = 17;
    private const double A4LongInches = 11.69;

    /// <summary>Upscaling stops at about an A4 page at 300 dpi plus a margin (2480x3508 is 8.7 MP).</summary>
    internal const double MaxUpscaledPixels = 10_000_000;

    /// <summary>Smaller factors are not worth a resampling pass.</summary>
    private const double MinUpscale = 1.1;

    /// <summary>Applies <paramref name="settings"/> to <paramref name="page"/>; with nothing to do the result is a copy.</summary>
    public static PreprocessedPage Process(GrayPageImage page, PreprocessingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(settings);
        var operations = new List<string>();
        var image = FromPage(page);
        var dpi = PlausibleDpi(page);
        try
        {
            // A 3x3 median needs a 3x3 page (libvips: "window too large").
            if (settings.Denoise && page.Width >= 3 && page.Height >= 3)
            {
                Swap(ref image, image.Median(3));
                operations.Add("denoise");
            }

            if (settings.Normalize && Stretch(image) is { } stretched)
            {
                Swap(ref image, stretched);
                operations.Add("normalize");
            }

            if (settings.Upscale && dpi is { } known && known < settings.MinDpi && UpscaleFactor(page, known, settings.TargetDpi) is var scale && scale >= MinUpscale)
            {
                Swap(ref image, image.Resize(scale, kernel: Enums.Kernel.Cubic));
                dpi = known * scale;
                operations.Add(Invariant($"upscale:{scale:0.##}"));
            }

            if (settings.Deskew && EstimateSkew(image, settings.MaxSkewDegrees) is var angle && Math.Abs(angle) >= MinSkewDegrees)
            {
                Swap(ref image, image.Rotate(angle, background: [255.0]));
                operations.Add(Invariant($"deskew:{angle:0.##}"));
            }

            switch (settings.Binarize)
            {
                case BinarizeMode.Otsu:
                    Swap(ref image, image > OtsuThreshold(image));
                    operations.Add("binarize:otsu");
                    break;
                case BinarizeMode.Adaptive:
                    using (var local = image.Gaussblur(8))
                    {
                        Swap(ref image, (image - local) > -12);
                    }

                    operations.Add("binarize:adaptive");
                    break;
            }

            // Nothing changed the pixels (a clean page): copy them instead of running the view through libvips.
            var result = operations.Count == 0 ? CopyPage(page, dpi) : ToPage(image, page.PageNumber, dpi);
            return new PreprocessedPage(result, string.Join(',', operations));
        }
        catch (VipsException e)
        {
            throw VipsFailures.Classify(e, Invariant($"OCR preprocessing of page {page.PageNumber} ({page.Width}x{page.Height})"));
        }
        finally
        {
            image.Dispose();
        }
    }

    /// <summary>
    /// The factor that brings <paramref name="dpi"/> to <paramref name="targetDpi"/>, at most 4 and at most what keeps the page
    /// under <see cref="MaxUpscaledPixels"/>. Cameras and many scan apps write 72 dpi whatever the pixels: a 2480x3508 scan
    /// tagged 72 dpi was upscaled 4x to 139 MP, 8 CPU seconds of resizing and deskewing before Tesseract read 16 times the pixels.
    /// </summary>
    internal static double UpscaleFactor(GrayPageImage page, double dpi, double targetDpi)
    {
        var pixels = (double)page.Width * page.Height;
        return Math.Min(Math.Min(targetDpi / dpi, 4), Math.Sqrt(MaxUpscaledPixels / Math.Max(1, pixels)));
    }

    /// <summary>
    /// The page's stated resolution, unless it would make the page longer than A3: PNGs without a <c>pHYs</c> chunk
    /// read as 72 DPI, so a 150 DPI A4 scan would claim to be 24 inches long and be enlarged 4x (16x the pixels to
    /// OCR). Such a page is taken to be A4 instead.
    /// </summary>
    internal static double? PlausibleDpi(GrayPageImage page)
    {
        if (page.Dpi is not { } stated)
        {
            return null;
        }

        var longSide = Math.Max(page.Width, page.Height);
        return longSide / stated > MaxPageInches ? Math.Round(longSide / A4LongInches, 1) : stated;
    }

    /// <summary>Rotates the page clockwise by a multiple of 90 degrees.</summary>
    public static GrayPageImage RotateClockwise(GrayPageImage page, int degrees)
    {
        ArgumentNullException.ThrowIfNull(page);
        using var image = FromPage(page);
        using var rotated = image.Rot((((degrees % 360) + 360) % 360) switch
        {
            90 => Enums.Angle.D90,
            180 => Enums.Angle.D180,
            270 => Enums.Angle.D270,
            _ => Enums.Angle.D0,
        });
        return ToPage(rotated, page.PageNumber, page.Dpi);
    }

    /// <summary>
    /// The rotation that makes text lines level: the angle at which the row profile of the ink is sharpest. The ink of
    /// a small inverted Otsu copy is summed per row in narrow vertical strips (one libvips shrink), and each trial angle
    /// shifts the strips' profiles by the slope it implies before adding them up: a shear, which for a few degrees
    /// matches a rotation, so every tenth of a degree costs a pass over a few thousand sums instead of a rotated image.
    /// </summary>
    internal static double EstimateSkew(Image image, double maxDegrees)
    {
        // A box shrink by a whole factor: the profiles only need ink per area, not the quality of a resampling kernel.
        var factor = Math.Max(1, image.Width / SkewSampleWidth);
        if (image.Width / factor < SkewStripWidth || image.Height / factor < 2)
        {
            return 0; // narrower than one strip or a line high (a 5000x1 strip): no row profiles to compare
        }

        // Materialised once: libvips is lazy and its cache is off, so otherwise the upstream chain would run again.
        using var shrunk = factor > 1 ? image.Shrink(factor, factor) : image.Copy();
        using var small = shrunk.CopyMemory();
        using var threshold = small <= OtsuThreshold(small);
        using var ink = threshold.Cast(Enums.BandFormat.Float);
        var strips = Math.Max(1, ink.Width / SkewStripWidth);
        using var cropped = ink.Crop(0, 0, strips * SkewStripWidth, ink.Height);
        using var profiles = cropped.Shrinkh(SkewStripWidth);
        var sums = profiles.WriteToMemory<float>();
        if (sums.All(v => v == 0))
        {
            return 0; // a blank page has no lines to level
        }

        var best = 0.0;
        var bestScore = double.MinValue;
        var steps = (int)Math.Round(maxDegrees / SkewStepDegrees);
        var rows = new double[ink.Height];
        for (var step = -steps; step <= steps; step++)
        {
            var angle = step * SkewStepDegrees;
            var score = ShearedProfileScore(sums, strips, ink.Height, angle, rows);
            // Ties keep the angle nearest level: text is more often straight than not.
            if (score > bestScore + 1e-9 || (Math.Abs(score - bestScore) <= 1e-9 && Math.Abs(angle) < Math.Abs(best)))
            {
                bestScore = score;
                best = angle;
            }
        }

        return Math.Round(best, 2);
    }

    /// <summary>
    /// Sum of squared row sums after rotating by <paramref name="angle"/>: the ink is the same at every angle, so it
    /// peaks when lines and gaps are sharpest. libvips' rotation by a moves a point x pixels right of the centre
    /// down by about x·tan a, so row y after it gathers the strip at x from row y - x·tan a.
    /// </summary>
    private static double ShearedProfileScore(float[] sums, int strips, int height, double angle, double[] rows)
    {
        Array.Clear(rows);
        var slope = -Math.Tan(angle * Math.PI / 180);
        for (var k = 0; k < strips; k++)
        {
            var shift = (int)Math.Round(((k + 0.5 - (strips / 2.0)) * SkewStripWidth) * slope);
            for (var y = Math.Max(0, -shift); y < height && y + shift < height; y++)
            {
                rows[y] += sums[((y + shift) * strips) + k];
            }
        }

        var score = 0.0;
        foreach (var row in rows)
        {
            score += row * row;
        }

        return score;
    }

    /// <summary>The 256-bin histogram of an 8-bit image, from one libvips pass.</summary>
    private static double[] Histogram(Image image)
    {
        using var histogram = image.HistFind();
        using var asDouble = histogram.Cast(Enums.BandFormat.Double);
        return asDouble.WriteToMemory<double>();
    }

    /// <summary>The lowest gray level at or below which <paramref name="fraction"/> of the pixels lie (as libvips' <c>percent</c>).</summary>
    internal static int Percentile(double[] bins, double fraction)
    {
        var target = bins.Sum() * fraction;
        var cumulative = 0.0;
        for (var level = 0; level < bins.Length; level++)
        {
            cumulative += bins[level];
            if (cumulative >= target)
            {
                return level;
            }
        }

        return bins.Length - 1;
    }

    /// <summary>Otsu's threshold over the 256-bin histogram libvips computes.</summary>
    internal static double OtsuThreshold(Image image)
    {
        var bins = Histogram(image);
        double total = 0, sum = 0;
        for (var i = 0; i < bins.Length; i++)
        {
            total += bins[i];
            sum += i * bins[i];
        }

        double weightBelow = 0, sumBelow = 0, bestVariance = -1;
        var threshold = 128;
        for (var t = 0; t < bins.Length; t++)
        {
            weightBelow += bins[t];
            sumBelow += t * bins[t];
            var weightAbove = total - weightBelow;
            if (weightBelow == 0 || weightAbove == 0)
            {
                continue;
            }

            var meanDifference = (sumBelow / weightBelow) - ((sum - sumBelow) / weightAbove);
            var variance = weightBelow * weightAbove * meanDifference * meanDifference;
            if (variance > bestVariance)
            {
                bestVariance = variance;
                threshold = t;
            }
        }

        return threshold;
    }

    /// <summary>Gray levels between the middle and the 99th percentile of evenly lit paper, grain included (deviation up to 17).</summary>
    private const int EvenPaperSpread = 40;

    private static Image? Stretch(Image image)
    {
        var bins = Histogram(image);
        var low = Percentile(bins, 0.01);
        var high = Percentile(bins, 0.99);
        if (high - low < 16 || (low <= 2 && high >= 253))
        {
            return null; // flat page, or already full range
        }

        // Where ink is under 1 % of the pixels (a few lines on an A4 scan) the 1st percentile of evenly lit paper is the
        // paper's own grain, about as far below its middle level as the 99th is above it: stretched to black, every grain
        // became ink (a 2-line A4 scan with grain of deviation 6 then read as nothing in Tesseract's whole page deadline).
        // Unevenly lit paper (a lamp-lit photo) spreads further above its middle and is stretched as before.
        var middle = Percentile(bins, 0.5);
        if (high - middle < EvenPaperSpread && middle - low <= 2 * Math.Max(1, high - middle))
        {
            return null;
        }

        using var linear = image.Linear([255.0 / (high - low)], [-low * 255.0 / (high - low)]);
        return linear.Cast(Enums.BandFormat.Uchar);
    }

    /// <summary>
    /// A libvips view of the page's pixels, without a copy: the pixels live in native memory that does not move, and
    /// every caller materialises what it needs (<see cref="ToPage"/>, a statistic) and disposes the view before it
    /// returns, while the page is still alive.
    /// </summary>
    internal static unsafe Image FromPage(GrayPageImage page)
    {
        fixed (byte* pixels = page.Pixels)
        {
            return Image.NewFromMemory((IntPtr)pixels, (ulong)page.Pixels.Length, page.Width, page.Height, 1, Enums.BandFormat.Uchar);
        }
    }

    /// <summary>An owned copy of the page's pixels (one memory copy, no libvips pipeline): the result of no operation.</summary>
    private static unsafe GrayPageImage CopyPage(GrayPageImage page, double? dpi)
    {
        var length = page.Pixels.Length;
        var buffer = NativeBuffer.Allocate(length);
        page.Pixels.CopyTo(new Span<byte>((void*)buffer.DangerousGetHandle(), length));
        return new GrayPageImage(page.PageNumber, page.Width, page.Height, dpi is null ? null : Math.Round(dpi.Value, 1), buffer);
    }

    /// <summary>The image's pixels (cast to 8 bits) as an owned page; <paramref name="source"/> when it still stands for the file.</summary>
    internal static GrayPageImage ToPage(Image image, int pageNumber, double? dpi, PageSourceFacts? source = null)
    {
        using var gray = image.Format == Enums.BandFormat.Uchar ? image.Copy() : image.Cast(Enums.BandFormat.Uchar);
        var memory = gray.WriteToMemory(out var size);
        return new GrayPageImage(pageNumber, gray.Width, gray.Height, dpi is null ? null : Math.Round(dpi.Value, 1),
            new NativeBuffer(memory, checked((long)size)), source);
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Swap(ref Image current, Image next)
    {
        current.Dispose();
        current = next;
    }
}
