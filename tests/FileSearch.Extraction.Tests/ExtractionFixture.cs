using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FileSearch.Extraction.Tests;

/// <summary>
/// The real detector and extractors as <see cref="ExtractionServiceCollectionExtensions.AddDocumentExtraction"/> registers
/// them, shared by a test class so its LibreOffice instance stays warm; disposing it stops LibreOffice.
/// </summary>
public sealed class ExtractionFixture : IDisposable
{
    private readonly ServiceProvider _provider;

    public ExtractionFixture()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Extraction:LibreOffice:WorkDirectory"] = WorkDirectory.Path })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddDocumentExtraction(configuration);
        _provider = services.BuildServiceProvider();
    }

    public TempDirectory WorkDirectory { get; } = new("fs-lo");

    public IFileTypeDetector Detector => _provider.GetRequiredService<IFileTypeDetector>();

    public LibreOffice.LibreOfficeConverter Converter => _provider.GetRequiredService<LibreOffice.LibreOfficeConverter>();

    /// <summary>The first registered extractor that accepts <paramref name="kind"/> (the host's order puts PDF OCR first; nothing else differs).</summary>
    public ITextExtractor ExtractorFor(FileKind kind) => _provider.GetServices<ITextExtractor>().First(e => e.CanExtract(kind));

    public void Dispose()
    {
        _provider.Dispose();
        WorkDirectory.Dispose();
    }
}
