using FileSearch.Core.Ports;
using FileSearch.Imaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FileSearch.Ocr.Tesseract.Tests;

[Trait("Category", "Integration")]
public sealed class TesseractServiceCollectionExtensionsTests
{
    [Fact]
    public void AddTesseractOcr_CalledTwice_EachServiceOnce()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddTesseractOcr(Config()).AddTesseractOcr(Config());
        using var provider = services.BuildServiceProvider();

        var extractors = provider.GetServices<ITextExtractor>().ToList();
        Assert.Single(extractors, e => e is OcrTextExtractor);
        Assert.Single(extractors, e => e is ScannedPdfTextExtractor);
        // Both PDF extractors are registered once; which is asked first is the host's declared order (ExtractorOrderTests).
        Assert.Single(extractors, e => e is FileSearch.Extraction.PdfTextExtractor);
        Assert.Same(provider.GetRequiredService<TesseractOcrEngine>(), provider.GetRequiredService<IOcrEngine>());
        Assert.Single(provider.GetServices<IThumbnailer>());
        Assert.Single(services, d => d.ServiceType == typeof(TesseractEnginePool));
        Assert.Single(services, d => d.ServiceType == typeof(IConfigureOptions<OcrOptions>));
        Assert.Equal(0, provider.GetRequiredService<TesseractEnginePool>().CreatedCount);
    }

    [Fact]
    public void AddTesseractOcr_Section_BoundWithDetectedTessdata()
    {
        var config = Config(("Ocr:Languages", "eng"), ("Ocr:PoolSize", "3"), ("Ocr:PageSegMode", "6"), ("Ocr:DefaultDpi", "200"),
            ("Ocr:MaxPages", "10"), ("Ocr:PageTimeoutSeconds", "30"));
        using var provider = new ServiceCollection().AddLogging().AddTesseractOcr(config).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<OcrOptions>>().Value;

        Assert.Equal(("eng", 3, 6, 200, 10, 30), (options.Languages, options.PoolSize, options.PageSegMode, options.DefaultDpi,
            options.MaxPages, options.PageTimeoutSeconds));
        Assert.True(File.Exists(Path.Combine(options.TessdataPath!, "eng.traineddata")));
        Assert.Equal(3, provider.GetRequiredService<TesseractEnginePool>().PoolSize);
    }

    [Fact]
    public void AddTesseractOcr_NoSection_Defaults()
    {
        using var provider = new ServiceCollection().AddLogging().AddTesseractOcr(Config()).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<OcrOptions>>().Value;

        Assert.Equal(("jpn", Environment.ProcessorCount, 3, 300), (options.Languages, options.PoolSize, options.PageSegMode, options.DefaultDpi));
    }

    [Theory]
    [InlineData("Ocr:Languages", "jpn eng", "Ocr:Languages must look like 'jpn+eng'")]
    [InlineData("Ocr:Languages", "jpn+zzz", "apt-get install tesseract-ocr-zzz")]
    [InlineData("Ocr:PageSegMode", "0", "PageSegMode")]
    [InlineData("Ocr:Preprocessing:Profile", "camera", "Ocr:Preprocessing:Profile must be auto, scan, photo or none")]
    [InlineData("Ocr:Preprocessing:PhotoBackgroundSpread", "0", "PhotoBackgroundSpread")]
    [InlineData("Ocr:Preprocessing:NoisyScanGrain", "-1", "NoisyScanGrain")]
    [InlineData("Ocr:ReadTextHeight", "-1", "ReadTextHeight")]
    [InlineData("Ocr:TessdataPath", "/nonexistent/tessdata", "Tesseract language data not found (looked in /nonexistent/tessdata)")]
    public async Task HostStart_InvalidOcrOptions_FailsWithClearMessage(string key, string value, string expected)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddTesseractOcr(Config((key, value)));
        using var host = builder.Build();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(CancellationToken.None));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_ValidOptions_StartsAndDisposesPool()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddTesseractOcr(Config(("Ocr:Languages", "eng")));
        TesseractEnginePool pool;
        using (var host = builder.Build())
        {
            await host.StartAsync(CancellationToken.None);
            pool = host.Services.GetRequiredService<TesseractEnginePool>();
            (await pool.RentAsync(CancellationToken.None)).Dispose();
            await host.StopAsync(CancellationToken.None);
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.RentAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("Photo")]
    public async Task HostStart_PreprocessingProfile_AcceptedAndBound(string profile)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddTesseractOcr(Config(("Ocr:Languages", "eng"), ("Ocr:Preprocessing:Profile", profile)));
        using var host = builder.Build();

        await host.StartAsync(CancellationToken.None);

        Assert.Equal(profile, host.Services.GetRequiredService<IOptions<OcrOptions>>().Value.Preprocessing.Profile);
        await host.StopAsync(CancellationToken.None);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
