using System.ComponentModel.DataAnnotations;
using FileSearch.Core.Resilience;

namespace FileSearch.Embeddings.Bedrock;

/// <summary>Amazon Bedrock Titan embeddings, bound from the configuration section <c>Bedrock</c>.</summary>
public sealed class BedrockEmbeddingOptions : IValidatableObject
{
    /// <summary>The configuration section name: <c>Bedrock</c>.</summary>
    public const string SectionName = "Bedrock";

    /// <summary>The model's documented request limit: 25 MB of image.</summary>
    public const int ModelMaxImageBytes = 25 * 1024 * 1024;

    /// <summary>The model's documented largest side: 2048 pixels.</summary>
    public const int ModelMaxImageSide = 2048;

    /// <summary>AWS region of the Bedrock runtime endpoint. Default <c>us-east-1</c>.</summary>
    [Required]
    [RegularExpression("^[a-z]{2}(-[a-z]+)+-\\d$")]
    public string Region { get; set; } = "us-east-1";

    /// <summary>Model id. Default <c>amazon.titan-embed-image-v1</c>; must be one of <see cref="TitanModels.All"/>.</summary>
    [Required]
    public string ModelId { get; set; } = TitanModels.MultimodalV1;

    /// <summary>Output vector length; default (null) is the model's default (1024 for the multimodal model).</summary>
    public int? Dimension { get; set; }

    /// <summary>Endpoint override (VPC endpoint, emulator). Default null: <c>https://bedrock-runtime.{Region}.amazonaws.com</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Largest image sent; bigger ones are re-encoded smaller. Default 25 MB (the model's limit); 5 MB is a common stricter cap.</summary>
    [Range(64 * 1024, ModelMaxImageBytes)]
    public int MaxImageBytes { get; set; } = ModelMaxImageBytes;

    /// <summary>Largest side in pixels sent; bigger images are downscaled. Default 2048 (the model's limit).</summary>
    [Range(64, ModelMaxImageSide)]
    public int MaxImageSide { get; set; } = ModelMaxImageSide;

    /// <summary>
    /// Images with more pixels than this are not decoded (a decompression-bomb guard, as the thumbnailer's own
    /// <c>Thumbnails:MaxPixels</c>). Default 100,000,000.
    /// </summary>
    [Range(1_000_000, 1_000_000_000)]
    public long MaxDecodePixels { get; set; } = 100_000_000;

    /// <summary>Attempts per image for throttling, 5xx and timeouts before the message is retried later. Default 6.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>First retry delay, doubled per attempt with jitter. Default 200 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest retry delay. Default 20 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Time limit of one InvokeModel call. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Request rate the adaptive limiter starts at, per second. Default 5.</summary>
    [Range(0.01, 10_000)]
    public double InitialRequestsPerSecond { get; set; } = 5;

    /// <summary>Lowest rate a run of throttles can cut to. Default 0.2 per second.</summary>
    [Range(0.01, 10_000)]
    public double MinRequestsPerSecond { get; set; } = 0.2;

    /// <summary>Highest rate a run of successes can raise to. Default 50 per second.</summary>
    [Range(0.01, 10_000)]
    public double MaxRequestsPerSecond { get; set; } = 50;

    /// <summary>The adaptive limiter's settings: these rates, halved on throttle, a tenth of the initial rate added per 10 successes.</summary>
    public AimdRateLimiterOptions ToRateLimiterOptions() => new()
    {
        InitialPerSecond = InitialRequestsPerSecond,
        MinPerSecond = MinRequestsPerSecond,
        MaxPerSecond = MaxRequestsPerSecond,
        MaxQueueDelay = TimeSpan.FromMinutes(10),
    };

    /// <summary>The model entry and the effective dimension (valid options only).</summary>
    public (TitanModel Model, int Dimension) Resolve()
    {
        var model = TitanModels.All[ModelId];
        return (model, Dimension ?? model.DefaultDimension);
    }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TitanModels.All.TryGetValue(ModelId ?? string.Empty, out var model))
        {
            yield return new ValidationResult(
                $"Bedrock:ModelId '{ModelId}' is not a known Titan embedding model: {string.Join(", ", TitanModels.All.Keys)}", [nameof(ModelId)]);
        }
        else if (Dimension is { } d && !model.Dimensions.Contains(d))
        {
            yield return new ValidationResult(
                $"Bedrock:Dimension {d} is not offered by {ModelId}: use one of {string.Join(", ", model.Dimensions)}", [nameof(Dimension)]);
        }

        if (MinRequestsPerSecond > MaxRequestsPerSecond
            || InitialRequestsPerSecond < MinRequestsPerSecond || InitialRequestsPerSecond > MaxRequestsPerSecond)
        {
            yield return new ValidationResult(
                "Bedrock rates must satisfy MinRequestsPerSecond <= InitialRequestsPerSecond <= MaxRequestsPerSecond",
                [nameof(InitialRequestsPerSecond)]);
        }
    }
}
