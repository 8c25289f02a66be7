using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using NetVips;

namespace FileSearch.Embeddings.Bedrock.Tests;

[Trait("Category", "Integration")]
public sealed class TitanImagePreparationTests : IAsyncLifetime
{
    private BedrockFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await BedrockFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task EmbedAsync_OverSideLimit_DownscaledJpegSent()
    {
        var path = Save(BedrockImageEmbedderTests.Noise(3000, 2000), "big.png");

        await _fixture.CreateEmbedder(_fixture.Options()).EmbedAsync(path, FileKind.Png, CancellationToken.None);

        using var sent = SentImage();
        Assert.Equal((2048, 1365), (sent.Width, sent.Height));
        Assert.Equal("jpegload_buffer", sent.Get("vips-loader"));
    }

    [Fact]
    public async Task EmbedAsync_OverStricterByteCap_ReencodedUnderCap()
    {
        var path = Save(BedrockImageEmbedderTests.Noise(1200, 1200), "noisy.png");
        var options = _fixture.Options(o => o.MaxImageBytes = 64 * 1024);

        await _fixture.CreateEmbedder(options).EmbedAsync(path, FileKind.Png, CancellationToken.None);

        Assert.InRange(SentBytes().Length, 1, 64 * 1024);
    }

    [Theory]
    [InlineData("a.tif", FileKind.Tiff)]
    [InlineData("a.webp", FileKind.WebP)]
    [InlineData("a.gif", FileKind.Gif)]
    public async Task EmbedAsync_FormatTitanDoesNotTake_ConvertedToJpeg(string name, FileKind kind)
    {
        var path = Save(BedrockImageEmbedderTests.Noise(200, 100), name);

        await _fixture.CreateEmbedder(_fixture.Options()).EmbedAsync(path, kind, CancellationToken.None);

        using var sent = SentImage();
        Assert.Equal(("jpegload_buffer", 200, 100), (sent.Get("vips-loader"), sent.Width, sent.Height));
    }

    [Fact]
    public async Task EmbedAsync_CorruptImage_PermanentWithoutRequest()
    {
        var path = _fixture.Temp.Combine("bad.png");
        await File.WriteAllBytesAsync(path, [0x89, 0x50, 0x4E, 0x47, 9, 9, 9]);

        var error = await Assert.ThrowsAsync<ProcessingException>(
            () => _fixture.CreateEmbedder(_fixture.Options()).EmbedAsync(path, FileKind.Png, CancellationToken.None));

        Assert.Equal(("corrupt-image", FailureKind.Permanent), (error.Code, error.Kind));
        Assert.Empty(_fixture.Emulator.Requests);
    }

    [Fact]
    public async Task EmbedAsync_EmptyFile_Permanent()
    {
        var path = _fixture.Temp.Combine("empty.jpg");
        await File.WriteAllBytesAsync(path, []);

        var error = await Assert.ThrowsAsync<ProcessingException>(
            () => _fixture.CreateEmbedder(_fixture.Options()).EmbedAsync(path, FileKind.Jpeg, CancellationToken.None));

        Assert.Equal("empty-file", error.Code);
    }

    [Fact]
    public async Task EmbedAsync_NotAnImage_NullWithoutRequest()
    {
        Assert.Null(await _fixture.CreateEmbedder(_fixture.Options()).EmbedAsync(_fixture.Temp.Combine("x.pdf"), FileKind.Pdf, CancellationToken.None));
        Assert.Empty(_fixture.Emulator.Requests);
    }

    private byte[] SentBytes() => Convert.FromBase64String(Assert.Single(_fixture.Emulator.Requests).Body.GetProperty("inputImage").GetString()!);

    private Image SentImage() => Image.NewFromBuffer(SentBytes());

    private string Save(Image image, string name)
    {
        using (image)
        {
            var path = _fixture.Temp.Combine(name);
            image.WriteToFile(path);
            return path;
        }
    }
}
