using FileSearch.Core.Errors;
using Microsoft.Extensions.Logging;
using NetVips;
using Log = FileSearch.Imaging.Internals.Log;

namespace FileSearch.Imaging.Internals;

/// <summary>
/// Opens an image the hostile-input way: existence and empty-file checks, loader sniffing, a header-only
/// open (libvips decodes pixels lazily) and the pixel-count guard before anything is decoded.
/// </summary>
internal static class VipsImageOpener
{
    public const string OrientationField = "orientation";
    public const string PageCountField = "n-pages";

    /// <summary>
    /// Decoding errors and truncation fail the load. libvips' default only warns and fills the damaged area
    /// with black, which would give blank thumbnails and silently partial OCR.
    /// </summary>
    public const Enums.FailOn FailOn = Enums.FailOn.Error;

    public static Image Open(string filePath, long maxPixels, ILogger logger, int pageIndex = 0, Enums.Access access = Enums.Access.Sequential)
    {
        var file = new FileInfo(filePath);
        if (!file.Exists)
        {
            throw ProcessingException.Permanent("object-not-found", $"Image file not found: {filePath}");
        }

        if (file.Length == 0)
        {
            throw ProcessingException.Permanent("empty-file", "Image file is empty (0 bytes)");
        }

        if (Image.FindLoad(filePath) is null)
        {
            throw Fail(logger, filePath, "corrupt-image", "Image is corrupt or not in a format libvips can read");
        }

        Image image;
        try
        {
            image = pageIndex == 0
                ? Image.NewFromFile(filePath, access: access, failOn: FailOn)
                : Image.NewFromFile(filePath, access: access, failOn: FailOn, kwargs: new VOption { { "page", pageIndex }, { "n", 1 } });
        }
        catch (VipsException e)
        {
            throw DecodeFailed(logger, filePath, "Image header could not be read", e);
        }

        if ((long)image.Width * image.Height > maxPixels)
        {
            Log.ImageTooLarge(logger, filePath, image.Width, image.Height, maxPixels);
            var (w, h) = (image.Width, image.Height);
            image.Dispose();
            throw ProcessingException.Permanent("image-too-large",
                $"Image is {w}x{h} pixels, over the limit of {maxPixels} pixels (Thumbnails:MaxPixels); it was not decoded");
        }

        return image;
    }

    /// <summary>The EXIF orientation (1-8) libvips read from the header; 1 when absent.</summary>
    public static int Orientation(Image image) =>
        image.Contains(OrientationField) && image.Get(OrientationField) is int o and >= 1 and <= 8 ? o : 1;

    public static int PageCount(Image image) =>
        image.Contains(PageCountField) && image.Get(PageCountField) is int n and > 0 ? n : 1;

    /// <summary>A permanent error for a failed decode: <c>unsupported-image</c> for a codec the build lacks, else <c>corrupt-image</c>.</summary>
    public static ProcessingException DecodeFailed(ILogger logger, string filePath, string what, VipsException e)
    {
        // libheif without an HEVC decoder (the bundled build only decodes AV1): most iPhone HEIC photos.
        // Decided from the file (an 'hvcC' box), not from libvips' error text: that buffer is process-wide,
        // so with parallel decodes it can hold another thread's message.
        var codecLine = e.Message.Split('\n').FirstOrDefault(l =>
            l.Contains("not been built in", StringComparison.OrdinalIgnoreCase)
            || l.Contains("Unsupported codec", StringComparison.OrdinalIgnoreCase));
        if (codecLine is not null || IsHevcCoded(filePath))
        {
            return Fail(logger, filePath, "unsupported-image", $"{what}: HEIC with HEVC compression is not supported by this build (the bundled libvips decodes only AV1 HEIF)", e);
        }

        return Fail(logger, filePath, "corrupt-image", $"{what}: {Describe(e.Message)}", e);
    }

    /// <summary>True when the first 64 KiB of a HEIF file hold an HEVC decoder configuration box ('hvcC').</summary>
    internal static bool IsHevcCoded(string filePath)
    {
        try
        {
            using var stream = File.OpenRead(filePath);
            var buffer = new byte[64 * 1024];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return buffer.AsSpan(0, read).IndexOf("hvcC"u8) >= 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static ProcessingException Fail(ILogger logger, string filePath, string code, string reason, Exception? inner = null)
    {
        Log.DecodeFailed(logger, filePath, code, reason);
        return ProcessingException.Permanent(code, reason, inner);
    }

    /// <summary>libvips' multi-line error buffer as one bounded line.</summary>
    public static string Describe(string message)
    {
        var line = string.Join("; ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= 300 ? line : line[..300];
    }
}
