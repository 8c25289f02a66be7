using FileSearch.Core.Ports;
using NetVips;

namespace FileSearch.Imaging.Internals;

/// <summary>Encodes a rendered image as a <see cref="Thumbnail"/> in the configured format, metadata stripped.</summary>
internal static class ThumbnailEncoder
{
    public static Thumbnail Encode(Image image, int size, ThumbnailOptions options)
    {
        byte[] data;
        if (options.Format == ThumbnailFormat.Jpeg)
        {
            using var opaque = image.HasAlpha() ? image.Flatten(background: [255.0]) : image.Copy();
            data = opaque.JpegsaveBuffer(q: options.Quality, optimizeCoding: true, keep: Enums.ForeignKeep.None);
            return new Thumbnail(size, image.Width, image.Height, "jpg", "image/jpeg", data);
        }

        data = image.WebpsaveBuffer(q: options.Quality, effort: options.WebpEffort, keep: Enums.ForeignKeep.None);
        return new Thumbnail(size, image.Width, image.Height, "webp", "image/webp", data);
    }
}
