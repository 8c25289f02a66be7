using Microsoft.Extensions.Options;

namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>Fills in <see cref="OcrOptions.TessdataPath"/> when it is not configured.</summary>
internal sealed class OcrOptionsSetup : IPostConfigureOptions<OcrOptions>
{
    public void PostConfigure(string? name, OcrOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.TessdataPath) && !string.IsNullOrWhiteSpace(options.Languages))
        {
            options.TessdataPath = TessdataLocator.Resolve(
                Environment.GetEnvironmentVariable(TessdataLocator.EnvironmentVariable), options.Languages);
        }
    }
}
