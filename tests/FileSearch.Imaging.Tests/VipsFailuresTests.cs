using FileSearch.Core.Errors;
using NetVips;

namespace FileSearch.Imaging.Tests;

[Trait("Category", "Unit")]
public sealed class VipsFailuresTests
{
    [Theory]
    [InlineData("unable to call rank\nrank: window too large", FailureKind.Permanent, "image-processing-failed")]
    [InlineData("unable to call extract_area\nextract_area: bad extract area", FailureKind.Permanent, "image-processing-failed")]
    [InlineData("vips_tracked_malloc: out of memory --- size == 2GB", FailureKind.Retryable, "resource-exhausted")]
    [InlineData("unable to write to \"/tmp/vips-0.v\"\nNo space left on device", FailureKind.Retryable, "io")]
    public void Classify_LibvipsMessage_KindAndCodeByMeaning(string message, FailureKind kind, string code)
    {
        var failure = VipsFailures.Classify(new VipsException(message), "OCR preprocessing of page 1");

        Assert.Equal((kind, code), (failure.Kind, failure.Code));
        Assert.StartsWith("OCR preprocessing of page 1: ", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
    }
}
