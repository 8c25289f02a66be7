using FileSearch.Core.Domain;
using FileSearch.Imaging.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetVips;
using Log = FileSearch.Imaging.Internals.Log;

namespace FileSearch.Imaging;

/// <summary>
/// Decodes the pages (multi-page TIFF) or frames (GIF, animated WebP) of an image file one at a time as
/// 8-bit grayscale for OCR, with the same pixel-count guard as thumbnails. Each page is decoded only when
/// asked for, so memory holds one page at a time. Failures are permanent <c>ProcessingException</c>s:
/// <c>empty-file</c>, <c>corrupt-image</c>, <c>unsupported-image</c>, <c>image-too-large</c>, <c>object-not-found</c>.
/// </summary>
public sealed class PageImageLoader
{
    private const double MillimetresPerInch = 25.4;
    private const double MinPlausibleDpi = 50;
    private const double MaxPlausibleDpi = 4800;

    private readonly VipsRuntime _runtime;
    private readonly long _maxPixels;
    private readonly ILogger<PageImageLoader> _logger;

    public PageImageLoader(VipsRuntime runtime, IOptions<ThumbnailOptions> options, ILogger<PageImageLoader> logger)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(options);
        _runtime = runtime;
        _maxPixels = options.Value.MaxPixels;
        _logger = logger;
    }

    /// <summary>True for image kinds the bundled libvips decodes.</summary>
    public bool CanLoad(FileKind kind) => kind.IsImage() && _runtime.CanDecode(kind);

    /// <summary>Reads the header only and returns the number of pages or frames (1 for single-image formats).</summary>
    public int CountPages(string filePath)
    {
        using var header = VipsImageOpener.Open(filePath, _maxPixels, _logger);
        return VipsImageOpener.PageCount(header);
    }

    /// <summary>Decodes page <paramref name="pageIndex"/> (0-based) as upright 8-bit grayscale.</summary>
    public GrayPageImage LoadPage(string filePath, int pageIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pageIndex);
        var image = VipsImageOpener.Open(filePath, _maxPixels, _logger, pageIndex);
        try
        {
            if (VipsImageOpener.Orientation(image) > 1)
            {
                // Rotation reads pixels out of order: reopen with random access (sequential is the lean default).
                image.Dispose();
                image = VipsImageOpener.Open(filePath, _maxPixels, _logger, pageIndex, Enums.Access.Random);
                Swap(ref image, image.Autorot());
            }

            var dpi = image.Xres * MillimetresPerInch;
            var source = SourceFactsReader.Read(image);
            Swap(ref image, ToGray8(image));
            var memory = image.WriteToMemory(out var size);
            var buffer = new NativeBuffer(memory, checked((long)size));
            return new GrayPageImage(pageIndex + 1, image.Width, image.Height,
                dpi is >= MinPlausibleDpi and <= MaxPlausibleDpi ? Math.Round(dpi, 1) : null, buffer, source);
        }
        catch (VipsException e)
        {
            throw VipsImageOpener.DecodeFailed(_logger, filePath, $"Image page {pageIndex + 1} could not be decoded", e);
        }
        finally
        {
            image.Dispose();
        }
    }

    /// <summary>
    /// Lazily decodes up to <paramref name="maxPages"/> pages, one at a time; the caller disposes each page
    /// before asking for the next. Cancellation is checked between pages.
    /// </summary>
    public IEnumerable<GrayPageImage> LoadPages(string filePath, int maxPages, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPages, 1);
        var count = Math.Min(CountPages(filePath), maxPages);
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return LoadPage(filePath, i);
        }
    }

    private static Image ToGray8(Image image)
    {
        var gray = image.Interpretation is Enums.Interpretation.Bw && image.Format == Enums.BandFormat.Uchar
            ? image.Copy()
            : image.Colourspace(Enums.Interpretation.Bw);
        if (gray.HasAlpha())
        {
            Swap(ref gray, gray.Flatten(background: [255.0]));
        }

        if (gray.Format != Enums.BandFormat.Uchar)
        {
            // Float data (e.g. scientific TIFF) is assumed to be 0-255 like 8-bit; anything else is clamped.
            Swap(ref gray, gray.Cast(Enums.BandFormat.Uchar, shift: gray.Format == Enums.BandFormat.Ushort));
        }

        return gray;
    }

    private static void Swap(ref Image current, Image next)
    {
        current.Dispose();
        current = next;
    }
}
