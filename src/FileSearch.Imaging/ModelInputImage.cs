using FileSearch.Imaging.Internals;
using Microsoft.Extensions.Logging;
using NetVips;

namespace FileSearch.Imaging;

/// <summary>
/// Decodes an image into the square RGB pixels an image model takes: EXIF orientation applied, shrink-on-load, the
/// shorter side scaled to <c>side</c> and the centre cropped to <c>side</c> × <c>side</c>, alpha flattened on white,
/// converted to 8-bit sRGB. The hostile-input checks of the pipeline apply (empty, corrupt, over the pixel limit).
/// </summary>
public static class ModelInputImage
{
    /// <summary>
    /// Interleaved RGB bytes (<c>side * side * 3</c>, row-major) of <paramref name="filePath"/>. Throws a permanent
    /// <see cref="Core.Errors.ProcessingException"/> for unreadable images and images over <paramref name="maxPixels"/>.
    /// </summary>
    public static byte[] LoadRgb(string filePath, int side, long maxPixels, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 1);
        int width, height;
        using (var header = VipsImageOpener.Open(filePath, maxPixels, logger))
        {
            (width, height) = (header.Width, header.Height);
        }

        try
        {
            // Thumbnail autorotates by the EXIF orientation and decodes JPEGs already shrunk.
            using var square = Math.Max(width, height) > MaxAspect * Math.Min(width, height)
                ? CentreOfStrip(filePath, width, height, side)
                : Image.Thumbnail(filePath, side, height: side, crop: Enums.Interesting.Centre, failOn: VipsImageOpener.FailOn);
            using var opaque = square.HasAlpha() ? square.Flatten(background: [255.0]) : square.Copy();
            using var srgb = SrgbConversion.ToSrgb(opaque);
            using var exact = srgb.Width == side && srgb.Height == side ? srgb.Copy() : srgb.ThumbnailImage(side, height: side, size: Enums.Size.Force);
            return exact.WriteToMemory<byte>();
        }
        catch (VipsException e)
        {
            throw VipsImageOpener.DecodeFailed(logger, filePath, "Image could not be decoded for its embedding", e);
        }
    }

    /// <summary>Longer sides than this many short sides are cut to it (centred) before scaling.</summary>
    private const int MaxAspect = 4;

    /// <summary>
    /// The centre of a strip, scaled and cropped to <paramref name="side"/>. Scaling the short side of a 10000x2 strip to
    /// 224 first (what a centre-cropping thumbnail does) makes a 1,120,000x224 image: 20 s of resizing to keep 224x224 of it.
    /// </summary>
    private static Image CentreOfStrip(string filePath, int width, int height, int side)
    {
        using var whole = Image.NewFromFile(filePath, access: Enums.Access.Random, failOn: VipsImageOpener.FailOn);
        var keep = Math.Min(width, height) * MaxAspect;
        using var centre = width > height
            ? whole.ExtractArea((width - keep) / 2, 0, keep, height)
            : whole.ExtractArea(0, (height - keep) / 2, width, keep);
        using var upright = centre.Autorot();
        return upright.ThumbnailImage(side, height: side, crop: Enums.Interesting.Centre);
    }
}
