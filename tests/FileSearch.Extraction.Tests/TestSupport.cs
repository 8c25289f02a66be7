using FileSearch.Core.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Extraction.Tests;

internal static class TestSupport
{
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static IOptions<ExtractionOptions> Options(Action<ExtractionOptions>? configure = null)
    {
        var options = new ExtractionOptions();
        configure?.Invoke(options);
        return Microsoft.Extensions.Options.Options.Create(options);
    }

    public static IOptions<T> OptionsOf<T>(T value)
        where T : class => Microsoft.Extensions.Options.Options.Create(value);

    public static MagicFileTypeDetector Detector(Action<ExtractionOptions>? configure = null, ILogger<MagicFileTypeDetector>? logger = null) =>
        new(Options(configure), logger ?? NullLogger<MagicFileTypeDetector>.Instance);

    public static PlainTextExtractor PlainText(Action<ExtractionOptions>? configure = null) =>
        new(Options(configure), NullLogger<PlainTextExtractor>.Instance);

    public static PdfTextExtractor Pdf(Action<ExtractionOptions>? configure = null, ILogger<PdfTextExtractor>? logger = null) =>
        new(Options(configure), logger ?? NullLogger<PdfTextExtractor>.Instance);

    public static OpenXmlTextExtractor OpenXml(Action<ExtractionOptions>? configure = null, ILogger<OpenXmlTextExtractor>? logger = null) =>
        new(Options(configure), logger ?? NullLogger<OpenXmlTextExtractor>.Instance);

    /// <summary>Asserts a permanent failure with the given code and returns it.</summary>
    public static async Task<ProcessingException> AssertPermanentAsync(string code, Func<Task> action)
    {
        var ex = await Assert.ThrowsAsync<ProcessingException>(action);
        Assert.Equal(FailureKind.Permanent, ex.Kind);
        Assert.Equal(code, ex.Code);
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        return ex;
    }

    /// <summary>Deterministic pseudo-random bytes (binary content that matches no signature).</summary>
    public static byte[] RandomBytes(int length, int seed = 42)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0x00; // never a signature's first byte
        return bytes;
    }
}
