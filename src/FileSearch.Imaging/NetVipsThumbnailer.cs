using System.Globalization;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Imaging.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetVips;
using Log = FileSearch.Imaging.Internals.Log;

namespace FileSearch.Imaging;

/// <summary>
/// Thumbnails of files that have a picture of their own, through libvips: images (first page or frame of multi-page TIFF
/// and animated GIF, EXIF orientation applied), PDFs (first page rasterized by poppler's <c>pdftoppm</c>), and documents
/// an <see cref="IPreviewSource"/> prepares (Office files as a one-page PDF from LibreOffice, mails as a card of subject,
/// sender and date). Each is shrunk so the long side fits each configured size (never enlarged), metadata stripped,
/// encoded as WebP or JPEG. Image headers are checked against <see cref="ThumbnailOptions.MaxPixels"/> before decoding.
/// Other kinds (text, HTML, archives ...), and documents whose source fails (converter missing, timed out, crashed),
/// get nothing here: their placeholder card is drawn when it is asked for (<see cref="PlaceholderCards"/>).
/// With <see cref="ThumbnailOptions.Placeholders"/> on, an image or PDF that cannot be rendered (encrypted, corrupt,
/// undecodable) gets no thumbnail either, logged, and is shown with a card; with it off, such failures throw permanent
/// <c>ProcessingException</c>s (<c>image-too-large</c>, <c>corrupt-image</c>, <c>unsupported-image</c>,
/// <c>empty-file</c>, <c>pdf-render-failed</c> ...).
/// </summary>
public sealed class NetVipsThumbnailer : IThumbnailer
{
    private readonly VipsRuntime _runtime;
    private readonly ThumbnailOptions _options;
    private readonly int[] _sizesLargestFirst;
    private readonly PdfFirstPageRasterizer _pdf;
    private readonly HevcHeifConverter _hevc;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<NetVipsThumbnailer> _logger;
    private readonly IPreviewSource[] _previewSources;
    private readonly PlaceholderRenderer _cards;

    public NetVipsThumbnailer(VipsRuntime runtime, IOptions<ThumbnailOptions> options, TimeProvider timeProvider,
        ILogger<NetVipsThumbnailer> logger, IEnumerable<IPreviewSource>? previewSources = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(options);
        _runtime = runtime;
        _options = options.Value;
        _sizesLargestFirst = [.. _options.Sizes.Distinct().OrderDescending()];
        _pdf = new PdfFirstPageRasterizer(_options.PdfToPpmPath, _options.PdfRenderTimeout);
        _hevc = new HevcHeifConverter(_options.HevcConverterPath ?? string.Empty, _options.MaxPixels, _options.PdfRenderTimeout);
        _timeProvider = timeProvider;
        _logger = logger;
        _previewSources = [.. previewSources ?? []];
        _cards = new PlaceholderRenderer(_options.PlaceholderFontFile);
    }

    /// <inheritdoc />
    public bool CanRender(FileKind kind) => kind == FileKind.Pdf || IsDecodableImage(kind) || PreviewSourceOf(kind) is not null;

    /// <inheritdoc />
    public async Task<IReadOnlyList<Thumbnail>> CreateAsync(string filePath, FileKind kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        if (!CanRender(kind))
        {
            return [];
        }

        var started = _timeProvider.GetTimestamp();
        List<Thumbnail> thumbnails;
        try
        {
            thumbnails = PreviewSourceOf(kind) is { } source ? await RenderPreviewAsync(source, filePath, kind, cancellationToken).ConfigureAwait(false)
                : kind == FileKind.Pdf ? await RenderInFolderAsync(filePath, RenderPdfPageAsync, cancellationToken).ConfigureAwait(false)
                : kind == FileKind.Heic && VipsImageOpener.IsHevcCoded(filePath) ? await RenderHevcAsync(filePath, cancellationToken).ConfigureAwait(false)
                : await Task.Run(() => RenderImage(filePath, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessingException e) when (_options.Placeholders && e.Kind == FailureKind.Permanent)
        {
            Log.PlaceholderUsed(_logger, filePath, e.Code, e.Message);
            return [];
        }

        Log.ThumbnailsRendered(_logger, filePath, thumbnails.Count, (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds);
        return thumbnails;
    }

    private bool IsDecodableImage(FileKind kind) => kind.IsImage() && _runtime.CanDecode(kind);

    private IPreviewSource? PreviewSourceOf(FileKind kind) =>
        kind == FileKind.Pdf || kind.IsImage() ? null : Array.Find(_previewSources, s => s.CanPrepare(kind));

    /// <summary>
    /// The preview of a document without a picture of its own, from its <see cref="IPreviewSource"/>: the first page of
    /// the PDF it made, or a mail card. A source that cannot make one leaves the placeholder card (nothing stored).
    /// </summary>
    private async Task<List<Thumbnail>> RenderPreviewAsync(IPreviewSource source, string filePath, FileKind kind, CancellationToken cancellationToken)
    {
        var folder = CreateWorkFolder(filePath);
        try
        {
            DocumentPreview preview;
            try
            {
                preview = await source.PrepareAsync(filePath, kind, folder, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.PlaceholderUsed(_logger, filePath, (e as ProcessingException)?.Code ?? "preview-failed", e.Message);
                return [];
            }

            switch (preview)
            {
                case PdfPreview pdf:
                    var page = await RenderPdfPageAsync(pdf.PdfPath, folder, cancellationToken).ConfigureAwait(false);
                    return await Task.Run(() => RenderImage(page, cancellationToken), cancellationToken).ConfigureAwait(false);
                case MailCardPreview mail:
                    return await Task.Run(() =>
                    {
                        var date = mail.Date?.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);
                        using var card = _cards.RenderMail(kind, mail.Subject, mail.Sender, date, _sizesLargestFirst[0]);
                        return EncodeAll(card, cancellationToken);
                    }, cancellationToken).ConfigureAwait(false);
                default:
                    throw new InvalidOperationException($"No renderer for a preview of type {preview.GetType().Name}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A private folder next to the input: the message's work folder, removed with it even after a crash.</summary>
    private static string CreateWorkFolder(string filePath)
    {
        var folder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(filePath))!, "thumb-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private Task<List<Thumbnail>> RenderHevcAsync(string filePath, CancellationToken cancellationToken)
    {
        if (!_hevc.Enabled)
        {
            throw HevcHeifConverter.Unsupported("no converter is configured (Thumbnails:HevcConverterPath)");
        }

        // The header (and so the pixel guard) is readable by libvips even without the HEVC decoder.
        VipsImageOpener.Open(filePath, _options.MaxPixels, _logger).Dispose();
        return RenderInFolderAsync(filePath, (path, folder, ct) => _hevc.ConvertAsync(path, folder, _sizesLargestFirst[0], ct), cancellationToken);
    }

    private Task<string> RenderPdfPageAsync(string filePath, string folder, CancellationToken cancellationToken)
    {
        if (!File.Exists(filePath) || new FileInfo(filePath).Length == 0)
        {
            throw ProcessingException.Permanent("empty-file", "PDF file is missing or empty");
        }

        return _pdf.RasterizeAsync(filePath, folder, _sizesLargestFirst[0], cancellationToken);
    }

    /// <summary>Runs an external renderer into a private folder, thumbnails its PNG with libvips, removes the folder.</summary>
    private async Task<List<Thumbnail>> RenderInFolderAsync(string filePath, Func<string, string, CancellationToken, Task<string>> render, CancellationToken cancellationToken)
    {
        var folder = CreateWorkFolder(filePath);
        try
        {
            var page = await render(filePath, folder, cancellationToken).ConfigureAwait(false);
            return await Task.Run(() => RenderImage(page, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private List<Thumbnail> RenderImage(string filePath, CancellationToken cancellationToken)
    {
        // Header only: the guard runs before libvips decodes a single pixel.
        int longSide;
        int shortSide;
        bool jpeg;
        using (var header = VipsImageOpener.Open(filePath, _options.MaxPixels, _logger))
        {
            longSide = Math.Max(header.Width, header.Height);
            shortSide = Math.Min(header.Width, header.Height);
            jpeg = header.Contains("vips-loader") && header.Get("vips-loader") is "jpegload";
        }

        try
        {
            // Every intermediate is disposed at once: an undisposed libvips image keeps its decode buffers and file
            // handle until the finalizer runs, which tripled the peak memory of a run of photos.
            using var thumbnail = OpenShrunk(filePath, longSide, shortSide, jpeg);
            if (_sizesLargestFirst.Length == 1)
            {
                return EncodeAll(thumbnail, cancellationToken);
            }

            // Smaller sizes are derived from the largest, decoded once.
            using var largest = thumbnail.CopyMemory();
            return EncodeAll(largest, cancellationToken);
        }
        catch (VipsException e)
        {
            throw VipsImageOpener.DecodeFailed(_logger, filePath, "Image could not be decoded for a thumbnail", e);
        }
    }

    /// <summary>
    /// The largest thumbnail, lazily. JPEGs are decoded already shrunk by the largest power of two (up to 8) that keeps
    /// them at least the target size: libjpeg then skips most of the inverse DCT. libvips' own thumbnail leaves a
    /// factor of two above the target for sharpness, so a 12 MP photo was decoded at full size for 1024 px and at
    /// a quarter for 256 px (about 2.5x the work); at thumbnail sizes and WebP q80 the difference is not visible.
    /// </summary>
    private Image OpenShrunk(string filePath, int longSide, int shortSide, bool jpeg)
    {
        var target = _sizesLargestFirst[0];
        if (shortSide < MinShrinkOnLoadSide)
        {
            // A strip (1x663, 5000x2): shrink-on-load would leave the short side 0 px ("bad dimensions"); the pixels are
            // few, so decode them all and resize.
            using var whole = Image.NewFromFile(filePath, access: Enums.Access.Sequential, failOn: VipsImageOpener.FailOn);
            return whole.ThumbnailImage(target, height: target, size: Enums.Size.Down);
        }

        var shrink = jpeg ? JpegShrink(longSide, target) : 1;
        if (shrink == 1)
        {
            // From the file so the loaders' own shrink-on-load (WebP, HEIF, TIFF pyramids) still applies.
            return Image.Thumbnail(filePath, target, height: target, size: Enums.Size.Down, failOn: VipsImageOpener.FailOn);
        }

        using var shrunk = Image.NewFromFile(filePath, access: Enums.Access.Sequential, failOn: VipsImageOpener.FailOn,
            kwargs: new VOption { { "shrink", shrink } });
        return shrunk.ThumbnailImage(target, height: target, size: Enums.Size.Down);
    }

    /// <summary>Images with a shorter side than this are never shrunk while loading (JPEG by up to 8, then libvips' own thumbnail).</summary>
    private const int MinShrinkOnLoadSide = 64;

    /// <summary>The largest of 8, 4, 2 that leaves the long side at least <paramref name="target"/>; 1 when none does.</summary>
    private static int JpegShrink(int longSide, int target)
    {
        foreach (var shrink in (ReadOnlySpan<int>)[8, 4, 2])
        {
            if (longSide / shrink >= target)
            {
                return shrink;
            }
        }

        return 1;
    }

    private List<Thumbnail> EncodeAll(Image largest, CancellationToken cancellationToken)
    {
        var result = new List<Thumbnail>(_sizesLargestFirst.Length);
        foreach (var size in _sizesLargestFirst)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Math.Max(largest.Width, largest.Height) <= size)
            {
                result.Add(Encode(largest, size));
                continue;
            }

            using var sized = largest.ThumbnailImage(size, height: size, size: Enums.Size.Down);
            result.Add(Encode(sized, size));
        }

        return result;
    }

    private Thumbnail Encode(Image image, int size) => ThumbnailEncoder.Encode(image, size, _options);
}
