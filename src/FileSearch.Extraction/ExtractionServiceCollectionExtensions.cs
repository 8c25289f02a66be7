using FileSearch.Core.Ports;
using FileSearch.Extraction.LibreOffice;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FileSearch.Extraction;

/// <summary>Registers file type detection and document text extraction.</summary>
public static class ExtractionServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="ExtractionOptions"/> from the <c>Extraction</c> section (validated at start) and
    /// registers <see cref="MagicFileTypeDetector"/> as <see cref="IFileTypeDetector"/> and the plain text, PDF, Open XML,
    /// Office 97-2003, OpenDocument, RTF, HTML/XML/JSON, mail, Ichitaro (properties only) and LHA (member list only) extractors as <see cref="ITextExtractor"/>s, the archive and
    /// mail-attachment readers as <see cref="IContainerReader"/>s, the Office first-page and mail-card
    /// <see cref="IPreviewSource"/>s the thumbnailer draws, with the
    /// supervised <see cref="LibreOfficeConverter"/> (options from <c>Extraction:LibreOffice</c>; its instances start on
    /// first use). Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddDocumentExtraction(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // Binding twice would apply the section twice; the bound options' change-token source marks a first call.
        if (!services.Any(d => d.ServiceType == typeof(IOptionsChangeTokenSource<ExtractionOptions>)))
        {
            services.AddOptions<ExtractionOptions>()
                .Bind(configuration.GetSection(ExtractionOptions.SectionName))
                .ValidateDataAnnotations()
                .ValidateOnStart();
            services.AddOptions<LibreOfficeOptions>()
                .Bind(configuration.GetSection(LibreOfficeOptions.SectionName))
                .ValidateDataAnnotations()
                .ValidateOnStart();
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LibreOfficeConverter>();

        services.TryAddSingleton<IFileTypeDetector, MagicFileTypeDetector>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITextExtractor, PlainTextExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITextExtractor, PdfTextExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITextExtractor, OpenXmlTextExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITextExtractor, LegacyOfficeTextExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITextExtractor, OpenDocumentTextExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITextExtractor, RtfTextExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITextExtractor, MarkupTextExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITextExtractor, EmailTextExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITextExtractor, IchitaroTextExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITextExtractor, LhaTextExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IContainerReader, ArchiveContainerReader>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IContainerReader, MailAttachmentReader>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPreviewSource, OfficePreviewSource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPreviewSource, MailPreviewSource>());
        return services;
    }
}
