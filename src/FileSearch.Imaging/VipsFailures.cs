using FileSearch.Core.Errors;
using NetVips;

namespace FileSearch.Imaging;

/// <summary>
/// Classifies an exception libvips threw while working on one input's pixels, where it is caught: running out of memory
/// or disk is retryable (<c>resource-exhausted</c>, <c>io</c>: another attempt may have them), anything else is a
/// property of this input that another attempt reproduces, so it is permanent (<c>image-processing-failed</c>) and the
/// file is dead-lettered at once with libvips' reason instead of burning the retry budget as an unknown error.
/// </summary>
public static class VipsFailures
{
    private static readonly string[] ResourceMarkers = ["out of memory", "cannot allocate", "unable to allocate", "memory allocation"];
    private static readonly string[] DiskMarkers = ["no space left", "disk full", "input/output error"];

    /// <summary>The classified failure of <paramref name="what"/> (e.g. "OCR preprocessing of page 3").</summary>
    public static ProcessingException Classify(VipsException exception, string what)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var reason = $"{what}: {Internals.VipsImageOpener.Describe(exception.Message)}";
        return ResourceMarkers.Any(m => exception.Message.Contains(m, StringComparison.OrdinalIgnoreCase))
            ? ProcessingException.Retryable("resource-exhausted", reason, exception)
            : DiskMarkers.Any(m => exception.Message.Contains(m, StringComparison.OrdinalIgnoreCase))
                ? ProcessingException.Retryable("io", reason, exception)
                : ProcessingException.Permanent("image-processing-failed", reason, exception);
    }
}
