using System.Globalization;
using NetVips;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>
/// How two thumbnails of one photo differ: their sizes, and the mean absolute difference of their pixels (0-255, over
/// the RGB bands) once the second is resized to the first's exact size.
/// </summary>
internal sealed record ThumbnailDifference(string Photo, int Width, int Height, int OtherWidth, int OtherHeight, double MeanAbsoluteDifference)
{
    /// <summary>Within one pixel in each direction (the two resizers round differently).</summary>
    public bool SameSize => Math.Abs(Width - OtherWidth) <= 1 && Math.Abs(Height - OtherHeight) <= 1;

    /// <summary>Same size and a mean absolute difference of at most <paramref name="maxDifference"/>.</summary>
    public bool Matches(double maxDifference) => SameSize && MeanAbsoluteDifference <= maxDifference;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Photo}: {Width}x{Height} vs {OtherWidth}x{OtherHeight}, mean absolute difference {MeanAbsoluteDifference:F2}");
}

/// <summary>Compares the thumbnails two tools made of the same photo (see <see cref="ThumbnailDifference"/>).</summary>
internal static class ThumbnailComparison
{
    public static ThumbnailDifference Compare(string photo, string ours, string theirs)
    {
        using var a = Rgb(Image.NewFromFile(ours, access: Enums.Access.Random));
        using var b = Rgb(Image.NewFromFile(theirs, access: Enums.Access.Random));
        var difference = double.PositiveInfinity;
        if (Math.Abs(a.Width - b.Width) <= 1 && Math.Abs(a.Height - b.Height) <= 1)
        {
            using var resized = b.Resize((double)a.Width / b.Width, vscale: (double)a.Height / b.Height);
            using var cropped = resized.Width == a.Width && resized.Height == a.Height ? resized.Copy() : resized.Embed(0, 0, a.Width, a.Height, extend: Enums.Extend.Copy);
            using var delta = (a.Cast(Enums.BandFormat.Float) - cropped.Cast(Enums.BandFormat.Float)).Abs();
            difference = delta.Avg();
        }

        return new ThumbnailDifference(Path.GetFileName(photo), a.Width, a.Height, b.Width, b.Height, difference);
    }

    /// <summary>Three 8-bit sRGB bands: alpha flattened on white, gray widened.</summary>
    private static Image Rgb(Image image)
    {
        using (image)
        {
            using var srgb = image.Colourspace(Enums.Interpretation.Srgb);
            using var flat = srgb.HasAlpha() ? srgb.Flatten(background: [255, 255, 255]) : srgb.Copy();
            return flat.Cast(Enums.BandFormat.Uchar);
        }
    }
}
