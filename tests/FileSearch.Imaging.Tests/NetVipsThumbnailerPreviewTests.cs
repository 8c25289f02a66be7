using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Imaging.Tests;

/// <summary>
/// Documents drawn from what an <see cref="IPreviewSource"/> prepares, and the placeholder card kept when it cannot; the
/// real LibreOffice and mail sources are checked end to end in the hosting tests.
/// </summary>
[Trait("Category", "Integration")]
public sealed class NetVipsThumbnailerPreviewTests : IDisposable
{
    private static readonly string SamplePdf = Path.Combine(AppContext.BaseDirectory, "samples", "契約書_業務委託_2025.pdf");
    private readonly TempDirectory _temp = new("fs-thumbs-preview");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task CreateAsync_SourceWritesAPdf_ItsFirstPageDrawnAndTheWorkFolderLeftClean()
    {
        var path = Input("報告書.docx");
        var source = new StubSource((_, folder) =>
        {
            var pdf = Path.Combine(folder, "preview.pdf");
            File.Copy(SamplePdf, pdf);
            return new PdfPreview(pdf);
        });

        var thumbnails = await CreateSut(source).CreateAsync(path, FileKind.Docx, CancellationToken.None);

        Assert.Equal([1024, 256], thumbnails.Select(t => t.Size));
        Assert.Equal([path], Directory.GetFileSystemEntries(Path.GetDirectoryName(path)!));
    }

    [Theory]
    [InlineData("converter-crashed")]
    [InlineData("conversion-timeout")]
    [InlineData("corrupt-office")]
    public async Task CreateAsync_SourceFails_NothingRenderedSoThePlaceholderStays(string code)
    {
        var path = Input("報告書.xlsx");
        var source = new StubSource((_, _) => throw ProcessingException.Retryable(code, "LibreOffice failed"));
        var sut = CreateSut(source);

        var thumbnails = await sut.CreateAsync(path, FileKind.Xlsx, CancellationToken.None);

        Assert.True(sut.CanRender(FileKind.Xlsx));
        Assert.Empty(thumbnails);
        Assert.Equal([path], Directory.GetFileSystemEntries(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public async Task CreateAsync_CallerCancels_CancellationPropagates()
    {
        var path = Input("報告書.odt");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var source = new StubSource((ct, _) =>
        {
            ct.ThrowIfCancellationRequested();
            throw new InvalidOperationException("not reached");
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateSut(source).CreateAsync(path, FileKind.Odt, cancelled.Token));
    }

    [Fact]
    public async Task CreateAsync_MailCard_DrawnAtEveryConfiguredSize()
    {
        var path = Input("見積のご送付.eml");
        var source = new StubSource((_, _) => new MailCardPreview("見積のご送付", "山田太郎 <yamada@example.co.jp>", new DateTimeOffset(2025, 1, 14, 10, 0, 0, TimeSpan.FromHours(9))));

        var thumbnails = await CreateSut(source).CreateAsync(path, FileKind.Eml, CancellationToken.None);

        Assert.Equal([(1024, 768, 1024), (256, 192, 256)], thumbnails.Select(t => (t.Size, t.Width, t.Height)));
    }

    private string Input(string name)
    {
        var folder = _temp.Combine("work-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, "content");
        return path;
    }

    private static NetVipsThumbnailer CreateSut(IPreviewSource source) => new(
        new VipsRuntime(), Options.Create(new ThumbnailOptions()), TimeProvider.System, NullLogger<NetVipsThumbnailer>.Instance, [source]);

    private sealed class StubSource(Func<CancellationToken, string, DocumentPreview> prepare) : IPreviewSource
    {
        public bool CanPrepare(FileKind kind) => kind is FileKind.Docx or FileKind.Xlsx or FileKind.Odt or FileKind.Eml;

        public Task<DocumentPreview> PrepareAsync(string filePath, FileKind kind, string workFolder, CancellationToken cancellationToken) =>
            Task.FromResult(prepare(cancellationToken, workFolder));
    }
}
