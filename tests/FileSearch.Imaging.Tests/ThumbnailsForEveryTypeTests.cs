using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetVips;

namespace FileSearch.Imaging.Tests;

[Trait("Category", "Integration")]
public sealed class ThumbnailsForEveryTypeTests : IDisposable
{
    private static readonly string SamplesDirectory = Path.Combine(AppContext.BaseDirectory, "samples");
    private readonly TempDirectory _temp = new("fs-thumbs-all");

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Samples() => [.. Directory.GetFiles(SamplesDirectory).Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task CreateAsync_EverySampleFile_TwoDecodableWebPThumbnailsOrNoneWithoutAPicture(string name)
    {
        var path = Path.Combine(SamplesDirectory, name);
        var kind = FileKinds.FromExtension(Path.GetExtension(name));

        var thumbs = await CreateSut().CreateAsync(path, kind, CancellationToken.None);

        // Text and Office files get their card when it is asked for, nothing at ingest.
        Assert.Equal(kind.IsImage() || kind == FileKind.Pdf ? [1024, 256] : [], thumbs.Select(t => t.Size));
        foreach (var thumb in thumbs)
        {
            Assert.Equal("webp", thumb.Format);
            using var decoded = Image.NewFromBuffer(thumb.Data.ToArray());
            Assert.Equal((thumb.Width, thumb.Height), (decoded.Width, decoded.Height));
            Assert.True(Math.Max(decoded.Width, decoded.Height) <= thumb.Size);
        }
    }

    [Fact]
    public async Task CreateAsync_SamplePdf_FirstPageRasterizedNotPlaceholder()
    {
        var work = _temp.Combine("work");
        Directory.CreateDirectory(work);
        var path = Path.Combine(work, "source.pdf");
        File.Copy(Path.Combine(SamplesDirectory, "契約書_業務委託_2025.pdf"), path);

        var large = (await CreateSut().CreateAsync(path, FileKind.Pdf, CancellationToken.None))[0];

        // A4 portrait at a 1024 long side, not the 768x1024 placeholder card; white paper with dark text.
        Assert.Equal(1024, large.Height);
        Assert.InRange(large.Width, 720, 728);
        using var page = Image.NewFromBuffer(large.Data.ToArray());
        Assert.InRange(page.Avg(), 200, 254.9);
        Assert.True(page.Min() < 80, "text is drawn");
        Assert.Equal([path], Directory.GetFileSystemEntries(work));
    }

    [Theory]
    [InlineData(FileKind.Pdf, "broken.pdf", "%PDF-1.7\nthis is not a PDF body\n%%EOF\n")]
    [InlineData(FileKind.Jpeg, "broken.jpg", "not a JPEG")]
    public async Task CreateAsync_CorruptPdfOrImage_NoThumbnailNothingLeftBehind(FileKind kind, string name, string content)
    {
        var path = _temp.Combine(name);
        await File.WriteAllTextAsync(path, content);

        var thumbs = await CreateSut().CreateAsync(path, kind, CancellationToken.None);

        Assert.Empty(thumbs);
        Assert.Equal([path], Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public async Task CreateAsync_CorruptPdfWithoutPlaceholders_PdfRenderFailed()
    {
        var path = _temp.Combine("broken.pdf");
        await File.WriteAllTextAsync(path, "%PDF-1.7\ngarbage\n");

        var error = await Assert.ThrowsAsync<ProcessingException>(
            () => CreateSut(o => o.Placeholders = false).CreateAsync(path, FileKind.Pdf, CancellationToken.None));

        Assert.Equal(("pdf-render-failed", FailureKind.Permanent), (error.Code, error.Kind));
        Assert.Equal([path], Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task CreateAsync_RendererHangs_TimeoutAndProcessKilled()
    {
        var script = _temp.Combine("hang.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\nexec sleep 30\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var pdf = _temp.Combine("slow.pdf");
        await File.WriteAllTextAsync(pdf, "%PDF-1.7\n");
        var sut = CreateSut(o => (o.Placeholders, o.PdfToPpmPath, o.PdfRenderTimeout) = (false, script, TimeSpan.FromSeconds(1)));

        var started = TimeProvider.System.GetTimestamp();
        var error = await Assert.ThrowsAsync<ProcessingException>(() => sut.CreateAsync(pdf, FileKind.Pdf, CancellationToken.None));

        Assert.Equal("pdf-render-timeout", error.Code);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task CreateAsync_RendererMissing_Retryable()
    {
        var pdf = _temp.Combine("a.pdf");
        await File.WriteAllTextAsync(pdf, "%PDF-1.7\n");

        var error = await Assert.ThrowsAsync<ProcessingException>(() => CreateSut(o => o.PdfToPpmPath = _temp.Combine("no-such-tool"))
            .CreateAsync(pdf, FileKind.Pdf, CancellationToken.None));

        Assert.Equal(("pdf-renderer-missing", FailureKind.Retryable), (error.Code, error.Kind));
    }

    private static NetVipsThumbnailer CreateSut(Action<ThumbnailOptions>? configure = null)
    {
        var options = new ThumbnailOptions();
        configure?.Invoke(options);
        return new NetVipsThumbnailer(new VipsRuntime(), Options.Create(options), TimeProvider.System,
            NullLogger<NetVipsThumbnailer>.Instance);
    }
}
