using System.Globalization;
using NetVips;

namespace FileSearch.Imaging;

/// <summary>The kind of page a preprocessing profile is made for.</summary>
public enum PageProfile
{
    /// <summary>Flatbed or copier scan: even light, even paper.</summary>
    Scan,

    /// <summary>Camera or phone photo of paper: uneven light, sensor noise.</summary>
    Photo,
}

/// <summary>A page's profile and why it was chosen.</summary>
/// <param name="Profile">The profile.</param>
/// <param name="Reason">Short and stable: <c>uneven-light</c>, <c>camera-uneven-light</c>, <c>colour-uneven-light</c> or <c>even-light</c>.</param>
/// <param name="BackgroundSpread">Gray levels between the darker and lighter paper tiles (see <see cref="PageProfileClassifier.BackgroundSpread"/>).</param>
public sealed record PageClassification(PageProfile Profile, string Reason, double BackgroundSpread)
{
    /// <summary>For logs and tests: <c>photo (uneven-light, spread 96)</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Profile.ToString().ToLowerInvariant()} ({Reason}, spread {BackgroundSpread:0})");
}

/// <summary>
/// Decides per page whether it is a scan or a camera photo of paper, from the paper's brightness across the page and
/// what the file says of its source (camera EXIF, colour). A scanner lights the page evenly, so the paper is the same gray everywhere; a photo
/// is lit by a lamp or window, so one side is darker. The paper level is measured on a small copy: a libvips rank (max)
/// filter removes the text, each tile of a grid is averaged, and the spread is the gap between the 10th and 90th
/// percentile tile (robust to a dark scanner border or a figure).
/// </summary>
public static class PageProfileClassifier
{
    /// <summary>Default least spread (gray levels) that makes a page a photo. A scan spreads under 10, a lamp-lit photo 40 and more.</summary>
    public const double DefaultPhotoSpread = 40;

    private const int SampleSide = 256;
    private const int RankWindow = 9;
    private const int Grid = 8;

    /// <summary>
    /// Classifies <paramref name="page"/>: a photo when the paper's spread reaches <paramref name="photoSpread"/>, or half
    /// of it for a camera (EXIF) or colour source. Camera EXIF alone does not make a photo: on evenly lit pages the photo
    /// profile's median and adaptive threshold read worse than the scan profile (measured: a clean 12 pt line 0 % to 40 %
    /// CER, a noisy paragraph 2 % to 30 %).
    /// </summary>
    public static PageClassification Classify(GrayPageImage page, double photoSpread = DefaultPhotoSpread)
    {
        ArgumentNullException.ThrowIfNull(page);
        var spread = BackgroundSpread(page);
        if (spread >= photoSpread)
        {
            return new PageClassification(PageProfile.Photo, "uneven-light", spread);
        }

        if (spread >= photoSpread / 2 && (page.Source.Camera || page.Source.Colour))
        {
            return new PageClassification(PageProfile.Photo, page.Source.Camera ? "camera-uneven-light" : "colour-uneven-light", spread);
        }

        return new PageClassification(PageProfile.Scan, "even-light", spread);
    }

    /// <summary>
    /// Gray levels between the 10th and 90th percentile of the paper brightness over the inner 6x6 tiles of an 8x8 grid: about 0 for
    /// an evenly lit page, large when the light falls off across it. 0 for pages too small to judge.
    /// </summary>
    public static double BackgroundSpread(GrayPageImage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (Math.Min(page.Width, page.Height) < RankWindow * 2)
        {
            return 0;
        }

        using var image = PagePreprocessor.FromPage(page);
        // A box shrink: the tile means below are averages anyway, so a resampling kernel buys nothing.
        var factor = Math.Max(1.0, (double)Math.Max(page.Width, page.Height) / SampleSide);
        using var small = image.Shrink(factor, factor);
        if (Math.Min(small.Width, small.Height) < RankWindow)
        {
            return 0; // a strip (18x653 shrinks to 7x256): narrower than the window
        }

        using var sample = small.CopyMemory();

        // The lightest pixel around each point is the paper there: a 9x9 window spans the gap between text lines.
        using var paper = sample.Rank(RankWindow, RankWindow, (RankWindow * RankWindow) - 1);
        var pixels = paper.WriteToMemory<byte>(); // about 256 x 181 bytes: the tiles are averaged here, not in five more libvips passes

        // The outer ring of tiles is left out: scanner lid shadows and black borders live there, not uneven light.
        var levels = new double[256];
        for (var ty = 1; ty < Grid - 1; ty++)
        {
            for (var tx = 1; tx < Grid - 1; tx++)
            {
                levels[TileMean(pixels, paper.Width, paper.Height, tx, ty)]++;
            }
        }

        return PagePreprocessor.Percentile(levels, 0.9) - PagePreprocessor.Percentile(levels, 0.1);
    }

    /// <summary>The mean gray level of tile (<paramref name="tx"/>, <paramref name="ty"/>) of the <see cref="Grid"/> x <see cref="Grid"/> grid.</summary>
    private static int TileMean(byte[] pixels, int width, int height, int tx, int ty)
    {
        int x0 = tx * width / Grid, x1 = (tx + 1) * width / Grid, y0 = ty * height / Grid, y1 = (ty + 1) * height / Grid;
        long sum = 0;
        for (var y = y0; y < y1; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                sum += pixels[(y * width) + x];
            }
        }

        return (int)(sum / Math.Max(1, (long)(x1 - x0) * (y1 - y0)));
    }

}
