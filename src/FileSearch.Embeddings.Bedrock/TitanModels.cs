namespace FileSearch.Embeddings.Bedrock;

/// <summary>A Titan embedding model: the vector lengths it can return and whether it takes images.</summary>
/// <param name="Id">Bedrock model id.</param>
/// <param name="Dimensions">Allowed output lengths.</param>
/// <param name="DefaultDimension">The length used when none is configured.</param>
/// <param name="AcceptsImages">True for the multimodal model (input image); text models only embed text.</param>
/// <param name="DimensionField">Where the request names the length: <c>embeddingConfig.outputEmbeddingLength</c>, <c>dimensions</c>, or none.</param>
public sealed record TitanModel(string Id, IReadOnlyList<int> Dimensions, int DefaultDimension, bool AcceptsImages, TitanDimensionField DimensionField);

/// <summary>How a model's request carries the output length.</summary>
public enum TitanDimensionField
{
    /// <summary>Fixed length, nothing sent.</summary>
    None = 0,

    /// <summary><c>{"embeddingConfig": {"outputEmbeddingLength": n}}</c> (multimodal).</summary>
    EmbeddingConfig = 1,

    /// <summary><c>{"dimensions": n}</c> (text v2).</summary>
    Dimensions = 2,
}

/// <summary>
/// The Titan models this adapter knows
/// (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-mm.html). Any other id is a
/// configuration error at start.
/// </summary>
public static class TitanModels
{
    public const string MultimodalV1 = "amazon.titan-embed-image-v1";
    public const string TextV1 = "amazon.titan-embed-text-v1";
    public const string TextV2 = "amazon.titan-embed-text-v2:0";

    /// <summary>Known models by id.</summary>
    public static IReadOnlyDictionary<string, TitanModel> All { get; } = new Dictionary<string, TitanModel>(StringComparer.Ordinal)
    {
        [MultimodalV1] = new(MultimodalV1, [256, 384, 1024], 1024, AcceptsImages: true, TitanDimensionField.EmbeddingConfig),
        [TextV1] = new(TextV1, [1536], 1536, AcceptsImages: false, TitanDimensionField.None),
        [TextV2] = new(TextV2, [256, 512, 1024], 1024, AcceptsImages: false, TitanDimensionField.Dimensions),
    };
}
