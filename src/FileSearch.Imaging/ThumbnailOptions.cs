using System.ComponentModel.DataAnnotations;

namespace FileSearch.Imaging;

/// <summary>Encoding of a thumbnail.</summary>
public enum ThumbnailFormat
{
    /// <summary>WebP (default): smaller than JPEG at the same quality, keeps transparency.</summary>
    WebP = 0,

    /// <summary>Baseline JPEG, for consumers that cannot show WebP. Transparency is flattened onto white.</summary>
    Jpeg = 1,
}

/// <summary>
/// Thumbnail rendering and image decoding limits, bound from the configuration section
/// <c>Thumbnails</c>. <see cref="MaxPixels"/> also guards the OCR page loader.
/// </summary>
public sealed class ThumbnailOptions : IValidatableObject
{
    /// <summary>The configuration section name: <c>Thumbnails</c>.</summary>
    public const string SectionName = "Thumbnails";

    /// <summary>Smallest allowed thumbnail size in pixels.</summary>
    public const int MinSize = 16;

    /// <summary>Largest allowed thumbnail size in pixels.</summary>
    public const int MaxSize = 4096;

    /// <summary>
    /// Long-side sizes in pixels, one thumbnail per entry. Default <c>[256, 1024]</c> (lists and previews).
    /// Images smaller than a size are never upscaled. Each entry must be between 16 and 4096.
    /// </summary>
    [Required]
    [MinLength(1)]
    public IReadOnlyList<int> Sizes { get; set; } = [256, 1024];

    /// <summary>Output format. Default <see cref="ThumbnailFormat.WebP"/>.</summary>
    public ThumbnailFormat Format { get; set; } = ThumbnailFormat.WebP;

    /// <summary>Encoder quality 1-100. Default 80.</summary>
    [Range(1, 100)]
    public int Quality { get; set; } = 80;

    /// <summary>
    /// WebP encoder effort 0 (fastest) to 6 (smallest files). Default 2: on 12 MP photos at 256 + 1024 px it takes
    /// about 30% less CPU than libwebp's default 4 for files about 4% larger.
    /// </summary>
    [Range(0, 6)]
    public int WebpEffort { get; set; } = 2;

    /// <summary>
    /// Largest image (width x height of one page) that is decoded at all; a larger header is rejected
    /// before any pixel is read (decompression-bomb guard). Default 100,000,000 (100 megapixels); at most 2,000,000,000.
    /// </summary>
    [Range(1L, 2_000_000_000L)]
    public long MaxPixels { get; set; } = 100_000_000;

    /// <summary>
    /// When true (default), a document that cannot be rendered (Office, plain text, encrypted or corrupt PDF,
    /// corrupt or undecodable image) gets a generated placeholder showing its type and name instead of none.
    /// </summary>
    public bool Placeholders { get; set; } = true;

    /// <summary>
    /// Font file for placeholder text. Default <c>/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc</c>
    /// (Debian fonts-noto-cjk); when missing, the system's default sans font is used.
    /// </summary>
    public string PlaceholderFontFile { get; set; } = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

    /// <summary>
    /// The poppler <c>pdftoppm</c> executable that rasterizes the first page of a PDF (the bundled libvips has no
    /// PDF loader). Default <c>pdftoppm</c> (from PATH).
    /// </summary>
    [Required]
    public string PdfToPpmPath { get; set; } = "pdftoppm";

    /// <summary>
    /// ImageMagick's <c>convert</c>, used (in its own process, with Debian's libheif and libde265) for HEVC-coded HEIC
    /// such as iPhone photos, which the bundled libvips cannot decode. Default <c>convert</c> (from PATH); empty turns it
    /// off, and such photos get a placeholder.
    /// </summary>
    public string HevcConverterPath { get; set; } = "convert";

    /// <summary>
    /// Longest time one PDF page or one HEVC-coded HEIC may take to render in its external process before the
    /// placeholder is used. Default 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PdfRenderTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Sizes is null)
        {
            yield break;
        }

        foreach (var size in Sizes)
        {
            if (size is < MinSize or > MaxSize)
            {
                yield return new ValidationResult(
                    $"Thumbnail size {size} is out of range: each size must be between {MinSize} and {MaxSize} pixels.",
                    [nameof(Sizes)]);
            }
        }
    }
}
