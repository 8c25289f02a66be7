using FileSearch.Imaging.Internals;
using Microsoft.Extensions.Logging;

namespace FileSearch.Imaging;

/// <summary>Reads an image's size from its header without decoding pixels, with the hostile-input checks of the pipeline.</summary>
public static class ImageHeaders
{
    /// <summary>
    /// Width and height of the image in <paramref name="filePath"/>. Throws a permanent
    /// <see cref="Core.Errors.ProcessingException"/> for empty, corrupt or unreadable files and for images over
    /// <paramref name="maxPixels"/> (code <c>image-too-large</c>).
    /// </summary>
    public static (int Width, int Height) Read(string filePath, long maxPixels, ILogger logger)
    {
        using var image = VipsImageOpener.Open(filePath, maxPixels, logger);
        return (image.Width, image.Height);
    }
}
