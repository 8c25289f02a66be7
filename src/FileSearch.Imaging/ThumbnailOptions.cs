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
    /// Long-side sizes in pixels, one thumbnail per entry. Default <c>[256]</c>. Images smaller than a size
    /// are never upscaled. Each entry must be between 16 and 4096.
    /// </summary>
    [Required]
    [MinLength(1)]
    public IReadOnlyList<int> Sizes { get; set; } = [256];

    /// <summary>Output format. Default <see cref="ThumbnailFormat.WebP"/>.</summary>
    public ThumbnailFormat Format { get; set; } = ThumbnailFormat.WebP;

    /// <summary>Encoder quality 1-100. Default 80.</summary>
    [Range(1, 100)]
    public int Quality { get; set; } = 80;

    /// <summary>
    /// Largest image (width x height of one page) that is decoded at all; a larger header is rejected
    /// before any pixel is read (decompression-bomb guard). Default 100,000,000 (100 megapixels); at most 2,000,000,000.
    /// </summary>
    [Range(1L, 2_000_000_000L)]
    public long MaxPixels { get; set; } = 100_000_000;

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
