using FileSearch.Core.Domain;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Extraction;
using FileSearch.Ocr.Tesseract;
using FileSearch.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FileSearch.Hosting.Tests;

/// <summary>The extractor chain is declared in one place, not decided by which adapter registered last.</summary>
[Trait("Category", "Unit")]
public sealed class ExtractorOrderTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-extractors");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void CreateBuilder_ExtractStage_AsksScannedPdfExtractorFirstAndEveryKindHasOne()
    {
        using var host = FileSearchHost.CreateBuilder(new CliContext(_temp.Path, Verbose: false), LogLevel.Warning).Build();

        var stage = host.Services.GetRequiredService<ExtractTextStage>();
        var types = stage.Extractors.Select(e => e.GetType()).ToList();

        Assert.Equal(
            [typeof(ScannedPdfTextExtractor), typeof(PlainTextExtractor), typeof(OpenXmlTextExtractor), typeof(LegacyOfficeTextExtractor),
             typeof(OpenDocumentTextExtractor), typeof(RtfTextExtractor), typeof(MarkupTextExtractor), typeof(EmailTextExtractor),
             typeof(IchitaroTextExtractor), typeof(LhaTextExtractor), typeof(OcrTextExtractor), typeof(PdfTextExtractor)],
            types);
        FileKind[] documents = [FileKind.Doc, FileKind.Xls, FileKind.Ppt, FileKind.Odt, FileKind.Ods, FileKind.Odp, FileKind.Rtf,
            FileKind.Html, FileKind.Xml, FileKind.Json, FileKind.Eml, FileKind.Msg, FileKind.Jtd, FileKind.Lzh];
        Assert.All(documents, k => Assert.Contains(stage.Extractors, e => e.CanExtract(k)));
        Assert.IsType<ScannedPdfTextExtractor>(stage.Extractors.First(e => e.CanExtract(FileKind.Pdf)));
        Assert.IsType<OcrTextExtractor>(stage.Extractors.First(e => e.CanExtract(FileKind.Png)));
        Assert.IsType<PlainTextExtractor>(stage.Extractors.First(e => e.CanExtract(FileKind.Text)));
    }
}
