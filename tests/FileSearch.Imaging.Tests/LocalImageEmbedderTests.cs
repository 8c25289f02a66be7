using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetVips;

namespace FileSearch.Imaging.Tests;

[Trait("Category", "Integration")]
public sealed class LocalImageEmbedderTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-embed");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task EmbedAsync_SameFileTwice_IdenticalUnitVector()
    {
        var path = Save(SyntheticPhotos.Create(7), "a.png");
        var sut = CreateSut();

        var first = await sut.EmbedAsync(path, FileKind.Png, CancellationToken.None);
        var second = await sut.EmbedAsync(path, FileKind.Png, CancellationToken.None);

        Assert.NotNull(first);
        Assert.Equal(first, second);
        Assert.Equal(sut.Dimension, first.Length);
        Assert.Equal(1.0, Math.Sqrt(first.Sum(v => (double)v * v)), 3);
    }

    [Fact]
    public async Task EmbedAsync_DifferentPhotos_LessSimilarThanAnEditedCopy()
    {
        using var photo = SyntheticPhotos.Create(1);
        using var edited = photo.Resize(0.7);
        var sut = CreateSut();

        var original = await sut.EmbedAsync(Save(photo.Copy(), "o.png"), FileKind.Png, CancellationToken.None);
        var copy = await sut.EmbedAsync(Save(edited.Copy(), "c.jpg"), FileKind.Jpeg, CancellationToken.None);
        var other = await sut.EmbedAsync(Save(SyntheticPhotos.Create(2), "x.png"), FileKind.Png, CancellationToken.None);

        Assert.True(Cosine(original!, copy!) > 0.95);
        Assert.True(Cosine(original!, other!) < Cosine(original!, copy!) - 0.1);
    }

    [Theory]
    [InlineData("grey16.png", 1, Enums.BandFormat.Ushort)]
    [InlineData("rgba.png", 4, Enums.BandFormat.Uchar)]
    [InlineData("grey.tif", 1, Enums.BandFormat.Uchar)]
    [InlineData("rgb16.tif", 3, Enums.BandFormat.Ushort)]
    [InlineData("two.tif", 2, Enums.BandFormat.Uchar)]
    public async Task EmbedAsync_UnusualPixelFormats_UnitVector(string name, int bands, Enums.BandFormat format)
    {
        using var photo = SyntheticPhotos.Create(3);
        using var grey = photo.ExtractBand(0);
        using var source = bands switch
        {
            1 => grey.Copy(),
            2 => grey.Bandjoin(grey),
            3 => photo.Copy(),
            _ => photo.Bandjoin(grey),
        };
        using var cast = format == Enums.BandFormat.Ushort ? (source * 256).Cast(format) : source.Cast(format);
        var interpretation = (bands, format) switch
        {
            (1, Enums.BandFormat.Ushort) => Enums.Interpretation.Grey16,
            (3, Enums.BandFormat.Ushort) => Enums.Interpretation.Rgb16,
            (2, _) => Enums.Interpretation.Multiband,
            (1, _) => Enums.Interpretation.Bw,
            _ => Enums.Interpretation.Srgb,
        };
        var path = Save(cast.Copy(interpretation: interpretation), name);

        var vector = await CreateSut().EmbedAsync(path, FileKinds.FromExtension(Path.GetExtension(name)), CancellationToken.None);

        Assert.Equal(1.0, Math.Sqrt(vector!.Sum(v => (double)v * v)), 3);
    }

    [Fact]
    public async Task EmbedAsync_CorruptImage_PermanentError()
    {
        var path = _temp.Combine("bad.png");
        await File.WriteAllBytesAsync(path, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5, 6, 7, 8]);

        var error = await Assert.ThrowsAsync<ProcessingException>(() => CreateSut().EmbedAsync(path, FileKind.Png, CancellationToken.None));

        Assert.Equal(FailureKind.Permanent, error.Kind);
    }

    [Fact]
    public async Task EmbedAsync_TooManyPixels_ImageTooLargeBeforeDecoding()
    {
        var path = Save(SyntheticPhotos.Create(4), "big.png");

        var error = await Assert.ThrowsAsync<ProcessingException>(
            () => CreateSut(maxPixels: 1000).EmbedAsync(path, FileKind.Png, CancellationToken.None));

        Assert.Equal("image-too-large", error.Code);
    }

    [Theory]
    [InlineData(FileKind.Jpeg, true)]
    [InlineData(FileKind.Heic, true)]
    [InlineData(FileKind.Pdf, false)]
    [InlineData(FileKind.Docx, false)]
    public async Task CanEmbed_Kind_DecodableImagesOnly(FileKind kind, bool expected)
    {
        var sut = CreateSut();

        Assert.Equal(expected, sut.CanEmbed(kind));
        if (!expected)
        {
            Assert.Null(await sut.EmbedAsync(_temp.Combine("x"), kind, CancellationToken.None));
        }
    }

    private static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    private string Save(Image image, string name)
    {
        using (image)
        {
            var path = _temp.Combine(name);
            image.WriteToFile(path);
            return path;
        }
    }

    private static LocalImageEmbedder CreateSut(long maxPixels = 100_000_000) =>
        new(new VipsRuntime(), Options.Create(new ThumbnailOptions { MaxPixels = maxPixels }), NullLogger<LocalImageEmbedder>.Instance);
}
