using NetVips;

namespace FileSearch.Imaging.Internals;

/// <summary>Reads <see cref="PageSourceFacts"/> from the header fields libvips exposes (<c>exif-ifd0-Make</c> ...).</summary>
internal static class SourceFactsReader
{
    /// <summary>Tags only a camera's exposure writes; libvips names EXIF fields <c>exif-ifd{n}-{Tag}</c>.</summary>
    private static readonly string[] ExposureTags =
        ["exif-ifd2-ExposureTime", "exif-ifd2-FNumber", "exif-ifd2-ISOSpeedRatings", "exif-ifd2-PhotographicSensitivity", "exif-ifd2-FocalLength"];

    private static readonly string[] MakeTags = ["exif-ifd0-Make", "exif-ifd0-Model"];

    private static readonly string[] CameraLoaders = ["jpegload", "heifload"];

    public static PageSourceFacts Read(Image image)
    {
        var fields = image.GetFields();
        var loader = fields.Contains("vips-loader") && image.Get("vips-loader") is string name ? name : string.Empty;
        var camera = ExposureTags.Any(fields.Contains)
            || (MakeTags.Any(fields.Contains) && CameraLoaders.Any(l => loader.StartsWith(l, StringComparison.Ordinal)));
        var colour = image.Bands >= 3 && image.Interpretation is not Enums.Interpretation.Bw and not Enums.Interpretation.Grey16;
        return camera || colour ? new PageSourceFacts(camera, colour) : PageSourceFacts.Unknown;
    }
}
