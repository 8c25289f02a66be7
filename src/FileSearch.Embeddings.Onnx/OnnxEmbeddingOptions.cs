using System.ComponentModel.DataAnnotations;

namespace FileSearch.Embeddings.Onnx;

/// <summary>
/// The in-process ResNet18 image embedder, bound from the configuration section <c>Onnx</c> and validated at start
/// (including that the model files exist).
/// </summary>
public sealed class OnnxEmbeddingOptions : IValidatableObject
{
    /// <summary>The configuration section name: <c>Onnx</c>.</summary>
    public const string SectionName = "Onnx";

    /// <summary>The model's file name.</summary>
    public const string ModelFileName = "ResNet18.onnx";

    /// <summary>The model's preprocessing graph (it holds the mean image the network was trained with).</summary>
    public const string PreprocessFileName = "ResNetPreprocess.onnx";

    /// <summary>
    /// Folder holding <see cref="ModelFileName"/> and <see cref="PreprocessFileName"/>. Default: <c>models/resnet18</c>
    /// beside the application, where the build copies them from the NuGet package.
    /// </summary>
    public string ModelDirectory { get; set; } = Path.Combine(AppContext.BaseDirectory, "models", "resnet18");

    /// <summary>
    /// Most images decoded and run through the network at once (the rest wait); each holds its decode buffers and the
    /// network's activations (a few tens of MB). Default <see cref="Environment.ProcessorCount"/>.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Threads ONNX Runtime uses inside one inference. Default 1: the worker embeds several documents at once
    /// (<see cref="MaxConcurrency"/>), so parallelism comes from concurrent inferences, and 1 × concurrency threads
    /// never oversubscribe the cores.
    /// </summary>
    [Range(1, 64)]
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>Most images in one batched inference (<c>EmbedBatchAsync</c>); larger batches are split. Default 8.</summary>
    [Range(1, 64)]
    public int MaxBatchSize { get; set; } = 8;

    /// <summary>
    /// ONNX Runtime's CPU memory arena: faster repeated inferences, but the arena keeps its peak size. Default false:
    /// memory freed after each inference (measured with <c>bench embed</c>).
    /// </summary>
    public bool EnableMemoryArena { get; set; }

    /// <summary>
    /// A similarity query by image is embedded in four orientations (0°, 90°, 180°, 270°) and each indexed image scores
    /// its best one, so rotated copies find their original. Default true.
    /// </summary>
    public bool QueryRotations { get; set; } = true;

    /// <summary>Images with more pixels than this are rejected before decoding. Default 100 million.</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 100_000_000;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var name in new[] { ModelFileName, PreprocessFileName })
        {
            var path = Path.Combine(ModelDirectory, name);
            if (!File.Exists(path))
            {
                yield return new ValidationResult(
                    $"Onnx:ModelDirectory: {path} not found (the build copies it from the Microsoft.ML.DnnImageFeaturizer.ResNet18 package)",
                    [nameof(ModelDirectory)]);
            }
        }
    }
}
