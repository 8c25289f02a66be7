using System.ComponentModel;
using System.Globalization;
using FileSearch.Core.Errors;

namespace FileSearch.Imaging.Internals;

/// <summary>
/// Decodes an HEVC-coded HEIC (most iPhone photos) that the bundled libvips cannot read, through ImageMagick's
/// <c>convert</c> and Debian's libheif with libde265, in a separate process: a crash or hang of the HEVC decoder on
/// hostile input cannot take the worker down. Writes the first image, EXIF-oriented and shrunk to the largest
/// thumbnail size, as a PNG in the given folder. Memory, pixel area and time are bounded; nothing spills to disk.
/// </summary>
internal sealed class HevcHeifConverter(string executable, long maxPixels, TimeSpan timeout)
{
    /// <summary>True when a converter is configured (an empty path turns HEVC HEIC into placeholders).</summary>
    public bool Enabled => executable.Length > 0;

    public async Task<string> ConvertAsync(string heicPath, string outputFolder, int longSide, CancellationToken cancellationToken)
    {
        var output = Path.Combine(outputFolder, "heic.png");
        var size = longSide.ToString(CultureInfo.InvariantCulture);
        string[] arguments =
        [
            "-limit", "memory", "256MiB", "-limit", "map", "512MiB", "-limit", "disk", "0",
            "-limit", "area", maxPixels.ToString(CultureInfo.InvariantCulture), "-limit", "thread", "1",
            "heic:" + heicPath + "[0]", "-auto-orient", "-thumbnail", $"{size}x{size}>", "-strip", "png:" + output,
        ];
        (int? ExitCode, string Errors) result;
        try
        {
            result = await ExternalRenderer.RunAsync(executable, arguments, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw Unsupported($"the HEVC converter '{executable}' could not be started ({e.Message}); install imagemagick and libheif1");
        }

        if (result.ExitCode is null)
        {
            throw ProcessingException.Permanent("image-render-timeout", $"The HEVC-coded HEIC did not decode within {timeout.TotalSeconds:0} s");
        }

        if (result.ExitCode != 0 || !File.Exists(output))
        {
            throw ProcessingException.Permanent("corrupt-image", $"The HEVC-coded HEIC could not be decoded (convert exit {result.ExitCode}): {result.Errors}");
        }

        return output;
    }

    /// <summary>The permanent reason when HEVC cannot be decoded here.</summary>
    public static ProcessingException Unsupported(string why) => ProcessingException.Permanent("unsupported-image",
        $"HEIC with HEVC compression is not supported by this build: the bundled libvips decodes only AV1 HEIF and {why}");
}
