using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FileSearch.Hosting;

/// <summary>
/// Which adapter serves each port (section <c>Backends</c>). Defaults are the embedded single-machine adapters:
/// <c>Queue=sqlite</c>, <c>ObjectStore=folder</c>, <c>Metadata=sqlite</c>, <c>Index=lucene</c> (<c>opensearch</c> = the OpenSearch cluster of section <c>OpenSearch</c>), <c>Embedder=local</c>
/// (the local default: the pretrained ResNet18 run by ONNX Runtime, also named <c>resnet18</c>; <c>descriptor</c> = the
/// libvips visual descriptor; <c>bedrock</c> = Titan Multimodal Embeddings; <c>none</c> turns image vectors off).
/// An unknown value is a configuration error at start.
/// </summary>
public sealed record BackendSelection(string Queue, string ObjectStore, string Metadata, string Index, string Embedder)
{
    public const string SectionName = "Backends";

    /// <summary>Known values per port; an adapter family adds its name here when it lands.</summary>
    public static IReadOnlyDictionary<string, string[]> Known { get; } = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(Queue)] = ["sqlite", "sqs"],
        [nameof(ObjectStore)] = ["folder", "s3"],
        [nameof(Metadata)] = ["sqlite", "dynamodb"],
        [nameof(Index)] = ["lucene", "opensearch"],
        [nameof(Embedder)] = ["local", "resnet18", "descriptor", "bedrock", "none"],
    };

    public static BackendSelection From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        string Pick(string port, string fallback)
        {
            var value = (section[port] ?? fallback).Trim().ToLowerInvariant();
            return Known[port].Contains(value, StringComparer.Ordinal)
                ? value
                : throw new OptionsValidationException(SectionName, typeof(BackendSelection),
                    [$"Backends:{port} = '{value}' is not one of: {string.Join(", ", Known[port])}"]);
        }

        return new BackendSelection(
            Pick(nameof(Queue), "sqlite"),
            Pick(nameof(ObjectStore), "folder"),
            Pick(nameof(Metadata), "sqlite"),
            Pick(nameof(Index), "lucene"),
            Pick(nameof(Embedder), "local"));
    }
}
