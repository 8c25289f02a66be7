using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using Microsoft.Extensions.Logging;
using NetVips;

namespace FileSearch.Embeddings.Bedrock.Internals;

/// <summary>
/// Makes an image acceptable to Titan: PNG or JPEG, within the byte cap and the side limit. Files that already
/// fit are sent as they are; others (TIFF, HEIC, WebP, BMP, GIF, too big) are decoded (first page, EXIF
/// orientation applied, header checked against the pixel limit first) and re-encoded as JPEG, smaller until it fits.
/// </summary>
internal sealed class TitanImagePreparer(BedrockEmbeddingOptions options, long maxPixels, ILogger logger)
{
    private const int Attempts = 6;

    public async Task<byte[]> PrepareAsync(string path, FileKind kind, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length == 0)
        {
            throw ProcessingException.Permanent("empty-file", "Image file is missing or empty");
        }

        var (width, height) = Header(path);
        if (kind is FileKind.Png or FileKind.Jpeg && info.Length <= options.MaxImageBytes
            && width <= options.MaxImageSide && height <= options.MaxImageSide)
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }

        return await Task.Run(() => Reencode(path, info.Length, width, height, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private (int Width, int Height) Header(string path)
    {
        try
        {
            using var image = Image.NewFromFile(path, access: Enums.Access.Sequential);
            if ((long)image.Width * image.Height > maxPixels)
            {
                throw ProcessingException.Permanent("image-too-large",
                    $"Image is {image.Width}x{image.Height} pixels, over the limit of {maxPixels} (Thumbnails:MaxPixels); it was not decoded");
            }

            return (image.Width, image.Height);
        }
        catch (VipsException e)
        {
            throw ProcessingException.Permanent("corrupt-image", "Image could not be read for its embedding: " + FirstLine(e.Message), e);
        }
    }

    private byte[] Reencode(string path, long originalBytes, int width, int height, CancellationToken cancellationToken)
    {
        var side = options.MaxImageSide;
        var quality = 90;
        try
        {
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var image = Image.Thumbnail(path, side, height: side, size: Enums.Size.Down, failOn: Enums.FailOn.Error);
                using var opaque = image.HasAlpha() ? image.Flatten(background: [255.0]) : image.Copy();
                using var srgb = opaque.Interpretation == Enums.Interpretation.Srgb ? opaque.Copy() : opaque.Colourspace(Enums.Interpretation.Srgb);
                var bytes = srgb.JpegsaveBuffer(q: quality, keep: Enums.ForeignKeep.None);
                if (bytes.Length <= options.MaxImageBytes)
                {
                    Log.ImagePrepared(logger, path, originalBytes, width, height, bytes.Length, "image/jpeg");
                    return bytes;
                }

                side = Math.Max(64, side * 3 / 4);
                quality = Math.Max(40, quality - 10);
            }
        }
        catch (VipsException e)
        {
            throw ProcessingException.Permanent("corrupt-image", "Image could not be decoded for its embedding: " + FirstLine(e.Message), e);
        }

        throw ProcessingException.Permanent("image-too-large", $"Image could not be re-encoded under {options.MaxImageBytes} bytes (Bedrock:MaxImageBytes)");
    }

    private static string FirstLine(string message) => message.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? message;
}
