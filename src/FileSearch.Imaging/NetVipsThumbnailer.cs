using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Imaging.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetVips;
using Log = FileSearch.Imaging.Internals.Log;

namespace FileSearch.Imaging;

/// <summary>
/// Thumbnails of image files through libvips: the first page or frame, EXIF orientation applied, shrunk so
/// the long side fits each configured size (never enlarged), metadata stripped, encoded as WebP or JPEG.
/// The header is checked against <see cref="ThumbnailOptions.MaxPixels"/> before anything is decoded.
/// Throws permanent <c>ProcessingException</c>s (<c>image-too-large</c>, <c>corrupt-image</c>, <c>unsupported-image</c>,
/// <c>empty-file</c>);
/// the pipeline treats a thumbnail failure as "no thumbnail".
/// </summary>
public sealed class NetVipsThumbnailer : IThumbnailer
{
    private readonly VipsRuntime _runtime;
    private readonly ThumbnailOptions _options;
    private readonly int[] _sizesLargestFirst;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<NetVipsThumbnailer> _logger;

    public NetVipsThumbnailer(VipsRuntime runtime, IOptions<ThumbnailOptions> options, TimeProvider timeProvider,
        ILogger<NetVipsThumbnailer> logger)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(options);
        _runtime = runtime;
        _options = options.Value;
        _sizesLargestFirst = [.. _options.Sizes.Distinct().OrderDescending()];
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc />
    public bool CanRender(FileKind kind) => kind.IsImage() && _runtime.CanDecode(kind);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Thumbnail>> CreateAsync(string filePath, FileKind kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        if (!CanRender(kind))
        {
            return [];
        }

        var started = _timeProvider.GetTimestamp();
        var thumbnails = await Task.Run(() => Render(filePath, cancellationToken), cancellationToken).ConfigureAwait(false);
        Log.ThumbnailsRendered(_logger, filePath, thumbnails.Count, (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds);
        return thumbnails;
    }

    private List<Thumbnail> Render(string filePath, CancellationToken cancellationToken)
    {
        // Header only: the guard runs before libvips decodes a single pixel.
        VipsImageOpener.Open(filePath, _options.MaxPixels, _logger).Dispose();

        var result = new List<Thumbnail>(_sizesLargestFirst.Length);
        Image? largest = null;
        try
        {
            foreach (var size in _sizesLargestFirst)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (largest is null)
                {
                    // From the file so JPEG/WebP shrink-on-load applies; smaller sizes are derived from this one.
                    largest = Image.Thumbnail(filePath, size, height: size, size: Enums.Size.Down, failOn: VipsImageOpener.FailOn).CopyMemory();
                    result.Add(Encode(largest, size));
                }
                else
                {
                    using var smaller = largest.ThumbnailImage(size, height: size, size: Enums.Size.Down);
                    result.Add(Encode(smaller, size));
                }
            }
        }
        catch (VipsException e)
        {
            throw VipsImageOpener.DecodeFailed(_logger, filePath, "Image could not be decoded for a thumbnail", e);
        }
        finally
        {
            largest?.Dispose();
        }

        return result;
    }

    private Thumbnail Encode(Image image, int size)
    {
        byte[] data;
        if (_options.Format == ThumbnailFormat.Jpeg)
        {
            using var opaque = image.HasAlpha() ? image.Flatten(background: [255.0]) : image.Copy();
            data = opaque.JpegsaveBuffer(q: _options.Quality, optimizeCoding: true, keep: Enums.ForeignKeep.None);
            return new Thumbnail(size, image.Width, image.Height, "jpg", "image/jpeg", data);
        }

        data = image.WebpsaveBuffer(q: _options.Quality, keep: Enums.ForeignKeep.None);
        return new Thumbnail(size, image.Width, image.Height, "webp", "image/webp", data);
    }
}
