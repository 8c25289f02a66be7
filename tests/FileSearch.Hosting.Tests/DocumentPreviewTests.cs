using FileSearch.Core.Domain;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Core.Ports;
using FileSearch.Extraction;
using FileSearch.Extraction.LibreOffice;
using FileSearch.Imaging;
using FileSearch.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetVips;

namespace FileSearch.Hosting.Tests;

/// <summary>
/// Real previews of documents without a picture of their own, through the real engines the host wires: Office and
/// OpenDocument files rendered by the supervised LibreOffice to a one-page PDF and then by the PDF thumbnailer, mails
/// drawn as a card of subject, sender and date; the placeholder card stays the fallback.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DocumentPreviewTests : IDisposable
{
    private static readonly string Samples = Path.Combine(AppContext.BaseDirectory, "samples");
    private static readonly string Formats = Path.Combine(AppContext.BaseDirectory, "formats");
    private readonly TempDirectory _temp = new("fs-preview");
    private readonly VipsRuntime _runtime = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task CreateAsync_DocxXlsxOdtAndDoc_FirstPagesRenderedDifferentFromTheCardAndFromEachOther()
    {
        using var converter = Converter();
        var sut = CreateSut(converter);
        (string Path, FileKind Kind)[] documents =
        [
            (Path.Combine(Samples, "営業報告書_2025年1月.docx"), FileKind.Docx),
            (Path.Combine(Samples, "売上実績_2025Q1.xlsx"), FileKind.Xlsx),
            (Path.Combine(Formats, "就業規則.odt"), FileKind.Odt),
            (Path.Combine(Formats, "稟議書.doc"), FileKind.Doc),
        ];

        var pages = new List<Image>();
        foreach (var (source, kind) in documents)
        {
            var work = _temp.Combine("work-" + kind);
            Directory.CreateDirectory(work);
            var path = Path.Combine(work, "source." + kind.ShortName());
            File.Copy(source, path);

            var thumbnails = await sut.CreateAsync(path, kind, CancellationToken.None);

            Assert.Equal([1024, 256], thumbnails.Select(t => t.Size));
            var page = Image.NewFromBuffer(thumbnails[0].Data.ToArray());
            pages.Add(page);
            Assert.True(page.Min() < 100, $"{kind}: text is drawn on the page");
            using var card = await PlaceholderAsync(kind, 1024);
            Assert.True(Difference(page, card) > 20, $"{kind}: the page is not the placeholder card ({Difference(page, card):0.0})");
            Assert.Equal([path], Directory.GetFileSystemEntries(work)); // the PDF and the page image are gone
        }

        for (var i = 0; i < pages.Count; i++)
        {
            for (var j = i + 1; j < pages.Count; j++)
            {
                var differing = DifferingShare(pages[i], pages[j]);
                Assert.True(differing > 0.001, $"{documents[i].Kind} and {documents[j].Kind} have different first pages ({differing:P2} of pixels differ)");
            }
        }

        Assert.Empty(Directory.EnumerateDirectories(_temp.Combine("lo"), "job-*"));
        pages.ForEach(p => p.Dispose());
    }

    [Theory]
    [InlineData("稟議書.doc", "承認者")]
    [InlineData("事業計画.ppt", "発表者メモ")]
    public async Task ExtractThenCreate_LegacyOfficeInItsWorkFolder_TextAndFirstPageFromOneLibreOfficeLoad(string name, string word)
    {
        using var converter = Converter();
        var extract = ExtractStage(converter);
        var thumbnailer = CreateSut(converter);
        var work = _temp.Combine("document");
        Directory.CreateDirectory(work);
        var kind = FileKinds.FromExtension(Path.GetExtension(name));
        var path = Path.Combine(work, "source." + kind.ShortName());
        File.Copy(Path.Combine(Formats, name), path);
        var context = new ProcessingContext(new FileEvent(FileEventKind.Created, "share", name), work, TimeProvider.System) { LocalPath = path };

        var extracted = await extract.ExecuteAsync(context, CancellationToken.None);
        var thumbnails = await thumbnailer.CreateAsync(path, kind, CancellationToken.None);

        Assert.Equal(StageStatus.Succeeded, extracted.Status);
        Assert.Contains(word, context.Extraction!.Text, StringComparison.Ordinal);
        Assert.Equal(1, converter.Loads);
        Assert.Equal([1024, 256], thumbnails.Select(t => t.Size));
        using var page = Image.NewFromBuffer(thumbnails[0].Data.ToArray());
        using var card = await PlaceholderAsync(kind, 1024);
        Assert.True(page.Min() < 100, "text is drawn on the page");
        Assert.True(Difference(page, card) > 20, $"the page is not the placeholder card ({Difference(page, card):0.0})");
        Assert.Equal([path], Directory.GetFileSystemEntries(work)); // the kept PDF was taken and removed with the preview
        Assert.Empty(Directory.EnumerateDirectories(_temp.Combine("lo"), "job-*"));
    }

    [Fact]
    public async Task ExtractThenCreate_DocOutsideAWorkFolder_PreviewLoadsTheDocumentAgain()
    {
        using var converter = Converter();
        var extractor = LegacyExtractor(converter);
        var path = Copy(Path.Combine(Formats, "稟議書.doc"), "source.doc");

        await extractor.ExtractAsync(path, FileKind.Doc, CancellationToken.None);
        var thumbnails = await CreateSut(converter).CreateAsync(path, FileKind.Doc, CancellationToken.None);

        Assert.Equal(2, converter.Loads); // nothing is left beside a file the extractor was not told it may write next to
        Assert.Equal([1024, 256], thumbnails.Select(t => t.Size));
        Assert.Equal([path], Directory.GetFileSystemEntries(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public async Task CreateAsync_SofficeMissing_NoThumbnailSoThePlaceholderStays()
    {
        using var converter = Converter(o => o.SofficePath = _temp.Combine("no-soffice"));
        var path = Copy(Path.Combine(Samples, "営業報告書_2025年1月.docx"), "source.docx");

        var thumbnails = await CreateSut(converter).CreateAsync(path, FileKind.Docx, CancellationToken.None);

        Assert.Empty(thumbnails);
        Assert.Equal([path], Directory.GetFileSystemEntries(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public async Task CreateAsync_TwoMails_CardsWithTheirOwnSubjectSenderAndDate()
    {
        using var converter = Converter();
        var sut = CreateSut(converter);
        var first = Copy(Path.Combine(Formats, "納品遅延.eml"), "a.eml");
        var second = Copy(Path.Combine(Formats, "書類送付.eml"), "b.eml");

        var a = await sut.CreateAsync(first, FileKind.Eml, CancellationToken.None);
        var b = await sut.CreateAsync(second, FileKind.Eml, CancellationToken.None);

        Assert.Equal([1024, 256], a.Select(t => t.Size));
        using var cardA = Image.NewFromBuffer(a[0].Data.ToArray());
        using var cardB = Image.NewFromBuffer(b[0].Data.ToArray());
        using var placeholder = await PlaceholderAsync(FileKind.Eml, 1024);
        Assert.True(Difference(cardA, placeholder) > 1, "the mail card is not the placeholder card");
        Assert.True(Difference(cardA, cardB) > 1, "two mails have different cards");
    }

    private string Copy(string source, string name)
    {
        var work = _temp.Combine("work-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var path = Path.Combine(work, name);
        File.Copy(source, path);
        return path;
    }

    private LibreOfficeConverter Converter(Action<LibreOfficeOptions>? configure = null)
    {
        var options = new LibreOfficeOptions { WorkDirectory = _temp.Combine("lo") };
        configure?.Invoke(options);
        return new LibreOfficeConverter(Options.Create(options), TimeProvider.System, NullLogger<LibreOfficeConverter>.Instance);
    }

    private static LegacyOfficeTextExtractor LegacyExtractor(LibreOfficeConverter converter) => new(
        Options.Create(new ExtractionOptions()), converter, NullLogger<LegacyOfficeTextExtractor>.Instance, NullLogger<OpenXmlTextExtractor>.Instance);

    private static ExtractTextStage ExtractStage(LibreOfficeConverter converter) => new([LegacyExtractor(converter)]);

    private NetVipsThumbnailer CreateSut(LibreOfficeConverter converter) => new(
        _runtime, Options.Create(new ThumbnailOptions()), TimeProvider.System, NullLogger<NetVipsThumbnailer>.Instance,
        [new OfficePreviewSource(converter, Options.Create(new LibreOfficeOptions())), new MailPreviewSource()]);

    private async Task<Image> PlaceholderAsync(FileKind kind, int size = 256)
    {
        using var cards = new PlaceholderCards(_runtime, Options.Create(new ThumbnailOptions()));
        var card = await cards.RenderAsync(kind, "source." + kind.ShortName(), size, CancellationToken.None);
        return Image.NewFromBuffer(card.Data.ToArray());
    }

    /// <summary>Mean absolute difference (0-255) of two images, both reduced to 48x64 grey.</summary>
    private static double Difference(Image a, Image b)
    {
        using var x = Grey(a, 48, 64);
        using var y = Grey(b, 48, 64);
        using var diff = (x - y).Abs();
        return diff.Avg();
    }

    /// <summary>The share of pixels that differ by more than a quarter of the range, both images at 720x1024 grey.</summary>
    private static double DifferingShare(Image a, Image b)
    {
        using var x = Grey(a, 720, 1024);
        using var y = Grey(b, 720, 1024);
        using var diff = (x - y).Abs();
        using var mask = diff > 64;
        return mask.Avg() / 255;
    }

    private static Image Grey(Image image, int width, int height)
    {
        using var grey = image.Colourspace(Enums.Interpretation.Bw);
        using var flat = grey.HasAlpha() ? grey.Flatten(background: [255]) : grey.Copy();
        return flat.Resize((double)width / flat.Width, vscale: (double)height / flat.Height).Cast(Enums.BandFormat.Float);
    }
}
