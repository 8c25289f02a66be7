using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Testing;
using Microsoft.Extensions.Options;
using NetVips;

namespace FileSearch.Imaging.Tests;

[Trait("Category", "Integration")]
public sealed class PlaceholderCardsTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-cards");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(FileKind.Docx, "営業報告書.docx", 43)]
    [InlineData(FileKind.Xlsx, "売上 <Q1> & 2025.xlsx", 33)]
    [InlineData(FileKind.Text, "議事録_2025年1月.txt", 95)]
    [InlineData(FileKind.Unknown, "archive.7z", 69)]
    [InlineData(FileKind.Jpeg, "壊れた写真.jpg", 103)]
    public async Task RenderAsync_Kind_CardInTypeColourWithTheName(FileKind kind, string name, int red)
    {
        using var sut = CreateSut();
        var card = await sut.RenderAsync(kind, name, 1024, CancellationToken.None);

        AssertCard(card, 1024, red);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(1024)]
    public async Task RenderAsync_Size_DrawnAtThatSizeNotShrunk(int size)
    {
        using var sut = CreateSut();
        var card = await sut.RenderAsync(FileKind.Pdf, "暗号化された契約書.pdf", size, CancellationToken.None);

        Assert.Equal((size, "webp", "image/webp"), (card.Size, card.Format, card.ContentType));
        AssertCard(card, size, red: 217);
    }

    [Fact]
    public async Task RenderAsync_TwoNames_DifferentCards()
    {
        using var sut = CreateSut(o => o.Format = ThumbnailFormat.Jpeg);

        var first = await sut.RenderAsync(FileKind.Docx, "議事録.docx", 256, CancellationToken.None);
        var second = await sut.RenderAsync(FileKind.Docx, "見積書_最終版_2025年度.docx", 256, CancellationToken.None);

        Assert.Equal("jpg", first.Format);
        if (Environment.GetEnvironmentVariable("FILESEARCH_KEEP_PLACEHOLDER") is { Length: > 0 } keep)
        {
            await File.WriteAllBytesAsync(keep, second.Data.ToArray());
        }

        Assert.NotEqual(first.Data.ToArray(), second.Data.ToArray());
    }

    [Fact]
    public async Task RenderAsync_MissingFont_StillDrawsTheCard()
    {
        using var sut = CreateSut(o => o.PlaceholderFontFile = _temp.Combine("none.ttc"));
        var card = await sut.RenderAsync(FileKind.Pptx, "会社案内.pptx", 1024, CancellationToken.None);

        AssertCard(card, 1024, red: 210);
    }

    [Fact]
    public async Task RenderAsync_SizeOutOfRange_Throws()
    {
        using var sut = CreateSut();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => sut.RenderAsync(FileKind.Text, "a.txt", 8, CancellationToken.None));
    }

    private static void AssertCard(Thumbnail card, int size, int red)
    {
        var width = size * 3 / 4;
        Assert.Equal((width, size), (card.Width, card.Height));
        using var image = Image.NewFromBuffer(card.Data.ToArray());
        Assert.Equal((width, size), (image.Width, image.Height));
        var band = image.Getpoint(width * 100 / 768, size * 80 / 1024);
        Assert.InRange(band[0], red - 6, red + 6);
        using var nameArea = image.Crop(width * 100 / 768, size * 450 / 1024, width * 568 / 768, size * 300 / 1024);
        Assert.True(nameArea.Min() < 100, "the file name is drawn in dark ink");
    }

    private static PlaceholderCards CreateSut(Action<ThumbnailOptions>? configure = null)
    {
        var options = new ThumbnailOptions();
        configure?.Invoke(options);
        return new PlaceholderCards(new VipsRuntime(), Options.Create(options));
    }
}
