using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Extraction.Tests;

[Trait("Category", "Unit")]
public sealed class ExtractionServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-di");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void AddDocumentExtraction_CalledTwice_RegistersDetectorAndEachExtractorOnce()
    {
        var services = CreateServices(new Dictionary<string, string?>());
        services.AddDocumentExtraction(Configuration(new Dictionary<string, string?>()));

        using var provider = services.BuildServiceProvider();

        Assert.IsType<MagicFileTypeDetector>(provider.GetRequiredService<IFileTypeDetector>());
        var extractors = provider.GetServices<ITextExtractor>().Select(e => e.GetType()).ToList();
        Assert.Equal(
            [typeof(PlainTextExtractor), typeof(PdfTextExtractor), typeof(OpenXmlTextExtractor), typeof(LegacyOfficeTextExtractor),
             typeof(OpenDocumentTextExtractor), typeof(RtfTextExtractor), typeof(MarkupTextExtractor), typeof(EmailTextExtractor),
             typeof(IchitaroTextExtractor), typeof(LhaTextExtractor)],
            extractors);
        Assert.Single(services, d => d.ServiceType == typeof(IConfigureOptions<ExtractionOptions>));
    }

    [Fact]
    public void AddDocumentExtraction_BindsExtractionSection()
    {
        using var provider = CreateServices(new Dictionary<string, string?>
        {
            ["Extraction:MaxTextBytes"] = "2048",
            ["Extraction:MaxZipCompressionRatio"] = "50",
            ["Extraction:PdfPassword"] = "s3cret",
        }).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ExtractionOptions>>().Value;

        Assert.Equal(2048, options.MaxTextBytes);
        Assert.Equal(50, options.MaxZipCompressionRatio);
        Assert.Equal("s3cret", options.PdfPassword);
        Assert.Equal(10_000, options.MaxZipEntries);
    }

    [Fact]
    public void AddDocumentExtraction_InvalidOptions_FailValidationAtStart()
    {
        using var provider = CreateServices(new Dictionary<string, string?> { ["Extraction:MaxTextBytes"] = "10" }).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("MaxTextBytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registered_DetectThenExtract_EveryKindReachesItsExtractor()
    {
        using var provider = CreateServices(new Dictionary<string, string?>()).BuildServiceProvider();
        var detector = provider.GetRequiredService<IFileTypeDetector>();
        var extractors = provider.GetServices<ITextExtractor>().ToList();
        var files = new (string Name, Action<string> Create, string Expected)[]
        {
            ("memo.txt", p => File.WriteAllBytes(p, EncodedText.Encode(JapaneseSamples.Report, "shift_jis")), "物流費の上昇"),
            ("contract.pdf", p => File.Copy(TestSupport.Fixture("contract-ja.pdf"), p), "業務委託契約書"),
            ("contract.docx", p => OfficeFiles.CreateDocx(p), "甲は乙に委託する。"),
            ("sales.xlsx", p => OfficeFiles.CreateXlsx(p), "大阪支店"),
            ("launch.pptx", OfficeFiles.CreatePptx, "クラウド検索サービスの概要"),
        };

        foreach (var (name, create, expected) in files)
        {
            var path = _temp.Combine(name);
            create(path);
            var detected = await detector.DetectAsync(path, name, CancellationToken.None);
            var extractor = Assert.Single(extractors, e => e.CanExtract(detected.Kind));
            var result = await extractor.ExtractAsync(path, detected.Kind, CancellationToken.None);
            Assert.True(result.Text.Contains(expected, StringComparison.Ordinal), $"{name}: '{expected}' not in '{result.Text}'");
        }
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static ServiceCollection CreateServices(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddDocumentExtraction(Configuration(values));
        return services;
    }
}
