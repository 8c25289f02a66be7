using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Embeddings.Onnx.Internals;
using FileSearch.Imaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Embeddings.Onnx;

/// <summary>
/// The embedded default <see cref="IImageEmbedder"/>: the ImageNet-pretrained ResNet18 of ML.NET's
/// <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> package, run in-process by ONNX Runtime on the CPU. Images are
/// decoded by libvips (EXIF orientation applied, shorter side scaled to 224, centre crop 224 × 224); the vector is the
/// network's 512 global-average-pooled features, L2-normalised. One model per process (this singleton), loaded on the
/// first image (a worker that meets only text files never pays the second and the ~200 MB it takes), at most
/// <see cref="OnnxEmbeddingOptions.MaxConcurrency"/> images in flight. The features describe what is in the picture
/// (semantic), so near-duplicates score highest and pictures of the same kind of thing come next; they are not
/// rotation-invariant, which <see cref="EmbedQueryAsync"/> makes up for at query time.
/// </summary>
public sealed class ResNet18ImageEmbedder : IImageEmbedder, IDisposable
{
    /// <summary>The model id recorded with every vector.</summary>
    public const string Model = "resnet18-imagenet-v1/512";

    /// <summary>The vector length.</summary>
    public const int VectorDimension = ResNet18Model.Dimension;

    private readonly VipsRuntime _runtime;
    private readonly OnnxEmbeddingOptions _options;
    private readonly ILogger<ResNet18ImageEmbedder> _logger;
    private readonly TimeProvider _time;
    private readonly Lock _loading = new();
    private readonly SemaphoreSlim _slots;
    private ResNet18Model? _model;

    public ResNet18ImageEmbedder(VipsRuntime runtime, IOptions<OnnxEmbeddingOptions> options, TimeProvider time, ILogger<ResNet18ImageEmbedder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _runtime = runtime;
        _options = options.Value;
        _logger = logger;
        _time = time;
        _slots = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);
    }

    /// <inheritdoc />
    public int Dimension => VectorDimension;

    /// <inheritdoc />
    public string ModelId => Model;

    /// <inheritdoc />
    public bool CanEmbed(FileKind kind) => kind.IsImage() && _runtime.CanDecode(kind);

    /// <inheritdoc />
    public async Task<float[]?> EmbedAsync(string imagePath, FileKind kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagePath);
        if (!CanEmbed(kind))
        {
            return null;
        }

        var vectors = await RunAsync(() => [Load(imagePath)], cancellationToken).ConfigureAwait(false);
        return vectors[0];
    }

    /// <summary>
    /// The query vectors of an image: with <see cref="OnnxEmbeddingOptions.QueryRotations"/> the image turned by 0°, 90°,
    /// 180° and 270° (one decode, one batched inference), else the one vector of <see cref="EmbedAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<float[]>> EmbedQueryAsync(string imagePath, FileKind kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagePath);
        if (!CanEmbed(kind))
        {
            return [];
        }

        return await RunAsync(
            () =>
            {
                var pixels = Load(imagePath);
                return _options.QueryRotations ? [pixels, Turn(pixels), Turn(Turn(pixels)), Turn(Turn(Turn(pixels)))] : [pixels];
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Vectors of several images in batched inferences of up to <see cref="OnnxEmbeddingOptions.MaxBatchSize"/>, in the
    /// order of <paramref name="imagePaths"/> (every path must be an image this embedder decodes).
    /// </summary>
    public async Task<IReadOnlyList<float[]>> EmbedBatchAsync(IReadOnlyList<string> imagePaths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(imagePaths);
        var vectors = new List<float[]>(imagePaths.Count);
        foreach (var chunk in imagePaths.Chunk(_options.MaxBatchSize))
        {
            vectors.AddRange(await RunAsync(() => [.. chunk.Select(Load)], cancellationToken).ConfigureAwait(false));
        }

        return vectors;
    }

    /// <summary>True once the first image has loaded the network.</summary>
    internal bool IsModelLoaded => Volatile.Read(ref _model) is not null;

    public void Dispose()
    {
        _model?.Dispose();
        _slots.Dispose();
    }

    // A failed load (a damaged model file) is not remembered: the next image tries again, as a retried message would.
    private ResNet18Model Network()
    {
        if (Volatile.Read(ref _model) is { } loaded)
        {
            return loaded;
        }

        lock (_loading)
        {
            if (_model is null)
            {
                Volatile.Write(ref _model, new ResNet18Model(_options, _logger));
            }

            return _model;
        }
    }

    private async Task<float[][]> RunAsync(Func<IReadOnlyList<byte[]>> decode, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(
                () =>
                {
                    var images = decode();
                    cancellationToken.ThrowIfCancellationRequested();
                    var started = _time.GetTimestamp();
                    var vectors = Network().Run(images);
                    Log.BatchEmbedded(_logger, images.Count, (long)_time.GetElapsedTime(started).TotalMilliseconds);
                    return vectors;
                },
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    private byte[] Load(string imagePath) => ModelInputImage.LoadRgb(imagePath, ResNet18Model.Side, _options.MaxPixels, _logger);

    /// <summary>The square RGB image turned 90° clockwise.</summary>
    internal static byte[] Turn(byte[] rgb)
    {
        const int side = ResNet18Model.Side;
        var turned = new byte[rgb.Length];
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                // Source (x, y) lands at (side - 1 - y, x).
                var from = ((y * side) + x) * 3;
                var to = ((x * side) + (side - 1 - y)) * 3;
                turned[to] = rgb[from];
                turned[to + 1] = rgb[from + 1];
                turned[to + 2] = rgb[from + 2];
            }
        }

        return turned;
    }
}
