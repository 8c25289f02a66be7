using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Imaging.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetVips;

namespace FileSearch.Imaging;

/// <summary>
/// The <c>descriptor</c> <see cref="IImageEmbedder"/>: a deterministic, <b>non-semantic</b> visual descriptor
/// computed with libvips, no network and no model. It captures lightness layout, edge texture and colour
/// distribution, so it finds near-duplicates and visually similar images (resized, cropped, recompressed,
/// grayscale, rotated by 90° or lightly annotated copies) but not "pictures of the same kind of thing".
/// Vectors are L2-normalised with <see cref="VectorDimension"/> components; they are not comparable with
/// vectors of any other embedder (a change of embedder needs a re-index).
/// </summary>
public sealed class LocalImageEmbedder(VipsRuntime runtime, IOptions<ThumbnailOptions> options, ILogger<LocalImageEmbedder> logger)
    : IImageEmbedder
{
    /// <summary>The descriptor length.</summary>
    public const int VectorDimension = VisualDescriptor.Dimension;

    /// <inheritdoc />
    public int Dimension => VectorDimension;

    /// <summary>The model id recorded with every vector.</summary>
    public const string Model = "descriptor-v1/140";

    /// <inheritdoc />
    public string ModelId => Model;

    /// <inheritdoc />
    public bool CanEmbed(FileKind kind) => kind.IsImage() && runtime.CanDecode(kind);

    /// <inheritdoc />
    public Task<float[]?> EmbedAsync(string imagePath, FileKind kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagePath);
        if (!CanEmbed(kind))
        {
            return Task.FromResult<float[]?>(null);
        }

        return Task.Run<float[]?>(() => Embed(imagePath), cancellationToken);
    }

    private float[] Embed(string imagePath)
    {
        VipsImageOpener.Open(imagePath, options.Value.MaxPixels, logger).Dispose();
        try
        {
            // Squashed to a square (Force): rotating the input by 90° then rotates the square by 90°.
            using var small = Image.Thumbnail(imagePath, VisualDescriptor.Side, height: VisualDescriptor.Side,
                size: Enums.Size.Force, failOn: VipsImageOpener.FailOn);
            using var opaque = small.HasAlpha() ? small.Flatten(background: [255.0]) : small.Copy();
            using var srgb = SrgbConversion.ToSrgb(opaque);
            using var lab = srgb.Colourspace(Enums.Interpretation.Lab);
            using var floats = lab.Cast(Enums.BandFormat.Float);
            var pixels = floats.WriteToMemory<float>();
            return VisualDescriptor.Compute(pixels);
        }
        catch (VipsException e)
        {
            throw VipsImageOpener.DecodeFailed(logger, imagePath, "Image could not be decoded for its embedding", e);
        }
    }
}
