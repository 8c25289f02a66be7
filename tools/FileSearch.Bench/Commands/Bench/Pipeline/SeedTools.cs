using System.Globalization;
using FileSearch.Core.Domain;
using FileSearch.Imaging;
using FileSearch.Ocr.Tesseract;
using NetVips;

namespace FileSearch.Bench.Commands.Bench.Pipeline;

/// <summary>
/// What the seed's worker shelled out for: the <c>tesseract</c> command once per page (pages of a multi-page TIFF split
/// with <c>convert</c>, scanned PDF pages rendered by <c>pdftoppm</c>), and ImageMagick <c>convert</c> for every
/// thumbnail size. Same languages, engine mode (<c>--oem 1</c>, LSTM only, as the pipeline's engines), page segmentation,
/// raster resolution, sizes, format and quality as the pipeline. Each child runs under <c>/usr/bin/time</c> when present,
/// for its max RSS (<see cref="ChildPeakMb"/>).
/// pdftoppm writes the same LZW TIFF as the pipeline's rasterizer (the seed's pdf2image asked it for uncompressed PPM):
/// its PNG writer alone would cost the baseline about 14 CPU seconds per scanned A4 page.
/// </summary>
internal sealed class SeedTools(OcrOptions ocr, ThumbnailOptions thumbnails)
{
    private readonly ChildMemory _children = new();

    /// <summary>The largest max RSS of the child processes run so far, MB; -1 without <c>/usr/bin/time</c>.</summary>
    public double ChildPeakMb => _children.PeakMb;

    /// <summary>Reads every page of an image file; returns the text and the page count.</summary>
    public async Task<(string Text, int Pages)> OcrImageAsync(string path, string work, CancellationToken cancellationToken)
    {
        int pages;
        using (var image = Image.NewFromFile(path, access: Enums.Access.Sequential))
        {
            pages = image.Contains("n-pages") ? (int)image.Get("n-pages") : 1;
        }

        if (pages == 1)
        {
            return (await TesseractAsync(path, cancellationToken).ConfigureAwait(false), 1);
        }

        var texts = new List<string>(pages);
        for (var i = 0; i < pages; i++)
        {
            var page = Path.Combine(work, Invariant($"page-{i}.png"));
            await ExternalTool.RunAsync("convert", [Invariant($"{path}[{i}]"), page], "imagemagick", cancellationToken, memory: _children).ConfigureAwait(false);
            texts.Add(await TesseractAsync(page, cancellationToken).ConfigureAwait(false));
        }

        return (string.Join("\n\n", texts), pages);
    }

    /// <summary>Rasterizes one PDF page (gray, <see cref="OcrOptions.RasterDpi"/>) and reads it.</summary>
    public async Task<string> OcrPdfPageAsync(string pdf, int number, string work, CancellationToken cancellationToken)
    {
        var prefix = Path.Combine(work, Invariant($"pdf-{number}"));
        var n = number.ToString(CultureInfo.InvariantCulture);
        await ExternalTool.RunAsync(ocr.PdftoppmPath, ["-f", n, "-l", n, "-r", Invariant($"{ocr.RasterDpi}"), "-gray", "-tiff", "-tiffcompression", "lzw", "-singlefile", pdf, prefix], "poppler-utils", cancellationToken,
            memory: _children).ConfigureAwait(false);
        return await TesseractAsync(prefix + ".tif", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One thumbnail per size for a file the pipeline renders too (images; PDF first pages through <c>pdftoppm</c>):
    /// <c>convert</c> with <c>-define jpeg:size=</c> before the input (libjpeg's shrink-on-load, as the pipeline's
    /// libvips uses), <c>-auto-orient -thumbnail</c>. Office documents are converted to PDF by one <c>soffice</c> per file
    /// and thumbnailed as PDFs; mails get a <c>convert</c> caption card. Kinds the pipeline draws nothing for get nothing.
    /// </summary>
    public async Task<int> ThumbnailsAsync(string path, FileKind kind, string work, CancellationToken cancellationToken)
    {
        var format = thumbnails.Format.ToString().ToLowerInvariant();
        var source = path;
        if (kind is FileKind.Eml or FileKind.Msg)
        {
            // The pipeline draws a card with the subject, sender and date; a script draws one with the file name.
            foreach (var size in thumbnails.Sizes)
            {
                await ExternalTool.RunAsync("convert", ["-size", Invariant($"{size}x{size}"), "-background", "white", "-fill", "black", "-gravity", "center",
                    "caption:" + Path.GetFileName(path), "-quality", Invariant($"{thumbnails.Quality}"), "-strip", Path.Combine(work, Invariant($"thumb-{size}.{format}"))],
                    "imagemagick", cancellationToken, memory: _children).ConfigureAwait(false);
            }

            return thumbnails.Sizes.Count;
        }

        if (kind != FileKind.Pdf && !kind.IsImage())
        {
            // An Office document's first page, as a script gets it: one soffice per file (own profile), then the PDF path.
            var profile = new Uri(Path.Combine(work, "soffice-profile")).AbsoluteUri;
            await ExternalTool.RunAsync("soffice", ["-env:UserInstallation=" + profile, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", work, path],
                "libreoffice-core-nogui", cancellationToken, memory: _children).ConfigureAwait(false);
            path = Path.Combine(work, Path.GetFileNameWithoutExtension(path) + ".pdf");
            kind = FileKind.Pdf;
        }

        if (kind == FileKind.Pdf)
        {
            var prefix = Path.Combine(work, "thumb-page");
            await ExternalTool.RunAsync(thumbnails.PdfToPpmPath, ["-f", "1", "-l", "1", "-singlefile", "-tiff", "-tiffcompression", "lzw", "-scale-to", Invariant($"{thumbnails.Sizes.Max()}"), path, prefix], "poppler-utils", cancellationToken,
                memory: _children).ConfigureAwait(false);
            source = prefix + ".tif";
        }

        foreach (var size in thumbnails.Sizes)
        {
            var target = Path.Combine(work, Invariant($"thumb-{size}.{format}"));
            await ExternalTool.RunAsync("convert", [.. ThumbnailArguments(source, size), "-quality", Invariant($"{thumbnails.Quality}"), "-strip", target], "imagemagick", cancellationToken,
                memory: _children).ConfigureAwait(false);
        }

        return thumbnails.Sizes.Count;
    }

    /// <summary>The <c>convert</c> arguments that read <paramref name="source"/> and fit it in a square of <paramref name="size"/>.</summary>
    internal static IReadOnlyList<string> ThumbnailArguments(string source, int size) =>
        ["-define", Invariant($"jpeg:size={size}x{size}"), source + "[0]", "-auto-orient", "-thumbnail", Invariant($"{size}x{size}>")];

    private Task<string> TesseractAsync(string image, CancellationToken cancellationToken) =>
        ExternalTool.RunAsync("tesseract", TesseractArguments(image, ocr), "tesseract-ocr tesseract-ocr-jpn", cancellationToken, memory: _children);

    /// <summary>The tesseract command line of one page: the pipeline's languages and page segmentation, LSTM only (<c>--oem 1</c>) as its engines.</summary>
    internal static IReadOnlyList<string> TesseractArguments(string image, OcrOptions ocr) =>
        [image, "stdout", "-l", ocr.Languages, "--oem", "1", "--psm", Invariant($"{ocr.PageSegMode}")];

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
