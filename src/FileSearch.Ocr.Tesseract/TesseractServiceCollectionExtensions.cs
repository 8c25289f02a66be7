using FileSearch.Core.Ports;
using FileSearch.Extraction;
using FileSearch.Imaging;
using FileSearch.Ocr.Tesseract.Internals;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FileSearch.Ocr.Tesseract;

/// <summary>Registers in-process Tesseract OCR.</summary>
public static class TesseractServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="OcrOptions"/> from the <c>Ocr</c> section (validated at start: libtesseract loads, language
    /// data present), adds the imaging adapter (<see cref="ImagingServiceCollectionExtensions.AddImaging"/>) for page
    /// decoding, and registers <see cref="TesseractEnginePool"/>, the page checkpoint cache (<see cref="SqliteOcrPageCache"/> when
    /// <c>Ocr:PageCacheFile</c> is set, else <see cref="NullOcrPageCache"/>), <see cref="TesseractOcrEngine"/> as
    /// <see cref="IOcrEngine"/> and <see cref="OcrTextExtractor"/> as an <see cref="ITextExtractor"/>; adds the document
    /// extractors (<see cref="ExtractionServiceCollectionExtensions.AddDocumentExtraction"/>) and
    /// <see cref="ScannedPdfTextExtractor"/> (text layer where real, OCR elsewhere) as another <see cref="ITextExtractor"/>;
    /// the host's extractor order (<c>AddTextExtractorOrder</c>) asks it before the text-layer-only PDF extractor. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddTesseractOcr(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddImaging(configuration);
        if (services.Any(d => d.ServiceType == typeof(TesseractEnginePool)))
        {
            return services;
        }

        services.AddOptions<OcrOptions>()
            .Bind(configuration.GetSection(OcrOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OcrOptions>, OcrOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OcrOptions>, OcrOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TesseractEnginePool>();
        services.TryAddSingleton<IOcrPageCache>(sp => sp.GetRequiredService<IOptions<OcrOptions>>().Value.PageCacheFile is null
            ? new NullOcrPageCache()
            : new SqliteOcrPageCache(sp.GetRequiredService<IOptions<OcrOptions>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IShutdownFlush, OcrPageCacheFlush>());
        services.TryAddSingleton<TesseractOcrEngine>();
        services.TryAddSingleton<IOcrEngine>(sp => sp.GetRequiredService<TesseractOcrEngine>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITextExtractor, OcrTextExtractor>());
        // Scanned PDFs: the text layer where a page has one (through PdfTextExtractor), OCR where it has none. The host's
        // extractor order puts it before the text-layer-only PdfTextExtractor.
        services.AddDocumentExtraction(configuration);
        services.TryAddSingleton<PdfTextExtractor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITextExtractor, ScannedPdfTextExtractor>());
        return services;
    }
}
