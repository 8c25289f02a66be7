using FileSearch.Core.Ports;
using FileSearch.Imaging;
using FileSearch.Ocr.Tesseract.Internals;
using FileSearch.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Ocr.Tesseract.Tests;

/// <summary>One real engine pool (two engines at most) shared by a test class, so models load once.</summary>
public sealed class TesseractFixture : IDisposable
{
    public TesseractFixture()
    {
        Options = CreateOptions();
        Loader = new PageImageLoader(new VipsRuntime(), Microsoft.Extensions.Options.Options.Create(new ThumbnailOptions()),
            NullLogger<PageImageLoader>.Instance);
        Pool = new TesseractEnginePool(Microsoft.Extensions.Options.Options.Create(Options), TimeProvider.System,
            NullLogger<TesseractEnginePool>.Instance);
    }

    public OcrOptions Options { get; }

    public PageImageLoader Loader { get; }

    public TesseractEnginePool Pool { get; }

    public TempDirectory Temp { get; } = new("fs-ocr");

    public static OcrOptions CreateOptions(int poolSize = 2)
    {
        var options = new OcrOptions { PoolSize = poolSize };
        new OcrOptionsSetup().PostConfigure(null, options);
        return options;
    }

    public TesseractOcrEngine CreateEngine(ILogger<TesseractOcrEngine>? logger = null, OcrOptions? options = null, IOcrPageCache? cache = null,
        TimeProvider? timeProvider = null) =>
        new(Pool, Loader, Microsoft.Extensions.Options.Options.Create(options ?? Options), timeProvider ?? TimeProvider.System,
            logger ?? NullLogger<TesseractOcrEngine>.Instance, cache ?? new NullOcrPageCache());

    public void Dispose()
    {
        Pool.Dispose();
        Temp.Dispose();
    }
}
