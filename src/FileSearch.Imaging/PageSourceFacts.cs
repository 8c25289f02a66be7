namespace FileSearch.Imaging;

/// <summary>
/// What an image file's header says about how the page was captured, read by <see cref="PageImageLoader"/> before the
/// pixels are turned to grayscale. <see cref="PageProfileClassifier"/> uses it next to the pixels.
/// </summary>
/// <param name="Camera">
/// The EXIF holds exposure tags (exposure time, f-number, ISO, focal length), or a camera make/model in a JPEG or HEIF:
/// a camera or phone took the picture. Scanner drivers write neither.
/// </param>
/// <param name="Colour">The file stores colour (three or more bands), before conversion to gray.</param>
public sealed record PageSourceFacts(bool Camera, bool Colour)
{
    /// <summary>Nothing known (pages made in memory, preprocessed pages).</summary>
    public static PageSourceFacts Unknown { get; } = new(false, false);
}
