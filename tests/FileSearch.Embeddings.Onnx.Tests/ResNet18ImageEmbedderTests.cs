using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Imaging;
using FileSearch.Testing;
using FileSearch.Testing.Images;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetVips;

namespace FileSearch.Embeddings.Onnx.Tests;

/// <summary>The real model through ONNX Runtime, on wallpaper photographs.</summary>
[Trait("Category", "Integration")]
public sealed class ResNet18ImageEmbedderTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory _temp = new("fs-resnet");
    private readonly ResNet18ImageEmbedder _sut = CreateSut();

    public void Dispose()
    {
        _sut.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task EmbedAsync_Photo_512dUnitVectorRecordedWithItsModel()
    {
        var vector = await _sut.EmbedAsync(Photo(0), FileKind.Jpeg, Ct);

        Assert.NotNull(vector);
        Assert.Equal((512, 512, "resnet18-imagenet-v1/512"), (vector.Length, _sut.Dimension, _sut.ModelId));
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 3);
        Assert.Contains(vector, v => v > 0);
    }

    [Fact]
    public async Task EmbedAsync_ManyAtOnce_ModelLoadedOnceOnFirstImage()
    {
        using var sut = CreateSut();
        Assert.False(sut.IsModelLoaded);
        Assert.Null(await sut.EmbedAsync(_temp.Combine("メモ.txt"), FileKind.Text, Ct));
        Assert.False(sut.IsModelLoaded);

        var vectors = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => sut.EmbedAsync(Photo(i % 2), FileKind.Jpeg, Ct)));

        Assert.True(sut.IsModelLoaded);
        Assert.True(Cosine(vectors[0]!, vectors[2]!) > 0.9999);
        Assert.True(Cosine(vectors[1]!, vectors[3]!) > 0.9999);
    }

    [Fact]
    public async Task EmbedBatchAsync_SeveralPhotos_SameVectorsAsOneByOne()
    {
        string[] paths = [Photo(0), Photo(1), Photo(2)];

        var batch = await _sut.EmbedBatchAsync(paths, Ct);

        Assert.Equal(3, batch.Count);
        for (var i = 0; i < paths.Length; i++)
        {
            var single = await _sut.EmbedAsync(paths[i], FileKind.Jpeg, Ct);
            Assert.True(Cosine(single!, batch[i]) > 0.9999, $"photo {i}: {Cosine(single!, batch[i])}");
        }

        Assert.True(Cosine(batch[0], batch[1]) < 0.9);
    }

    [Fact]
    public async Task EmbedQueryAsync_RotationsOn_FourOrientationsTheFirstUpright()
    {
        var path = Photo(3);
        using var photo = Image.NewFromFile(path);
        var turned = _temp.Combine("turned.jpg");
        photo.Rot90().Jpegsave(turned, q: 95);

        var queries = await _sut.EmbedQueryAsync(path, FileKind.Jpeg, Ct);
        var ofTurned = await _sut.EmbedAsync(turned, FileKind.Jpeg, Ct);

        Assert.Equal(4, queries.Count);
        Assert.True(Cosine(queries[0], (await _sut.EmbedAsync(path, FileKind.Jpeg, Ct))!) > 0.9999);
        Assert.True(Cosine(queries[1], ofTurned!) > 0.95, $"cosine {Cosine(queries[1], ofTurned!)}");
        Assert.True(Cosine(queries[1], ofTurned!) > Cosine(queries[0], ofTurned!));
    }

    [Fact]
    public async Task EmbedQueryAsync_RotationsOff_OneVector()
    {
        using var sut = CreateSut(new OnnxEmbeddingOptions { QueryRotations = false });

        Assert.Single(await sut.EmbedQueryAsync(Photo(0), FileKind.Jpeg, Ct));
    }

    [Fact]
    public async Task EmbedAsync_NotAnImageOrCorrupt_NullOrPermanentError()
    {
        var corrupt = _temp.Combine("broken.jpg");
        await File.WriteAllBytesAsync(corrupt, [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);

        Assert.False(_sut.CanEmbed(FileKind.Pdf));
        Assert.Null(await _sut.EmbedAsync(corrupt, FileKind.Pdf, Ct));
        var ex = await Assert.ThrowsAsync<ProcessingException>(() => _sut.EmbedAsync(corrupt, FileKind.Jpeg, Ct));
        Assert.Equal(FailureKind.Permanent, ex.Kind);
    }

    [Fact]
    public async Task EmbedAsync_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _sut.EmbedAsync(Photo(0), FileKind.Jpeg, cancelled.Token));
    }

    [Fact]
    [Trait("Category", "Unit")]
    public void Turn_FourTimes_SameImageAndOnceMovesTopLeftToTopRight()
    {
        var rgb = new byte[224 * 224 * 3];
        new Random(5).NextBytes(rgb);

        var once = ResNet18ImageEmbedder.Turn(rgb);
        var four = ResNet18ImageEmbedder.Turn(ResNet18ImageEmbedder.Turn(ResNet18ImageEmbedder.Turn(once)));

        Assert.Equal(rgb, four);
        Assert.Equal(rgb[..3], once[(223 * 3)..(224 * 3)]);
    }

    private static ResNet18ImageEmbedder CreateSut(OnnxEmbeddingOptions? options = null) =>
        new(new VipsRuntime(), Options.Create(options ?? new OnnxEmbeddingOptions()), TimeProvider.System, NullLogger<ResNet18ImageEmbedder>.Instance);

    private string Photo(int n)
    {
        var path = _temp.Combine($"photo-{n}.jpg");
        if (!File.Exists(path))
        {
            using var image = WallpaperPhotos.Load(WallpaperPhotos.Photographs()[n * 5], maxSide: 640);
            image.Jpegsave(path, q: 90);
        }

        return path;
    }

    private static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();
}
