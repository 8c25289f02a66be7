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

    [Fact]
    public void ParsesContentOf_PlainTextAndNameOnlyKinds_NoStageMarker_ParsedFormatsMarked()
    {
        using var host = FileSearchHost.CreateBuilder(new CliContext(_temp.Path, Verbose: false), LogLevel.Warning).Build();
        var stage = host.Services.GetRequiredService<ExtractTextStage>();
        bool Marks(string name) => stage.ParsesContentOf(new(new FileEvent(FileEventKind.Created, "share", name), _temp.Path, TimeProvider.System));

        // Plain text is decoded from one bounded buffer by managed decoders; a type nothing reads is indexed by name.
        Assert.False(Marks("議事録.txt"));
        Assert.False(Marks("図面.dwg"));
        // Native or recursive parsers (PDF, OLE2, OpenXml, e-mail, OCR, HTML) can take the process down: recorded first.
        Assert.All(["見積.pdf", "見積.docx", "売上.xls", "連絡.eml", "画面.png", "案内.html"], n => Assert.True(Marks(n), n));
    }
}
