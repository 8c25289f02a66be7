using System.Text.Json;
using FileSearch.Core.Errors;
using FileSearch.Core.Resilience;
using FileSearch.Embeddings.Bedrock.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Embeddings.Bedrock;

/// <summary>
/// Calls Titan embedding models through Bedrock's InvokeModel
/// (<c>POST {endpoint}/model/{modelId}/invoke</c>) on an HttpClient whose handler signs with SigV4 (service
/// <c>bedrock</c>). Requests are spaced by the shared <see cref="AimdRateLimiter"/>.
/// </summary>
public sealed class BedrockTitanClient
{
    private readonly BedrockInvoker _invoker;

    /// <summary>Creates the client; <paramref name="classifier"/> (null: <see cref="DefaultErrorClassifier"/>) classifies failed calls.</summary>
    public BedrockTitanClient(HttpClient httpClient, IOptions<BedrockEmbeddingOptions> options, AimdRateLimiter rateLimiter,
        TimeProvider timeProvider, ILogger<BedrockTitanClient> logger, IErrorClassifier? classifier = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        (Model, Dimension) = value.Resolve();
        RateLimiter = rateLimiter;

        // The id is one path segment: "titan-embed-text-v2:0" is sent as "...v2%3A0" (SigV4 encodes it once more).
        var endpoint = value.Endpoint ?? new Uri($"https://bedrock-runtime.{value.Region}.amazonaws.com");
        InvokeUri = new Uri(endpoint, $"/model/{Uri.EscapeDataString(Model.Id)}/invoke");
        _invoker = new BedrockInvoker(httpClient, InvokeUri, Model.Id, value, rateLimiter, classifier ?? new DefaultErrorClassifier(), timeProvider, logger);
    }

    /// <summary>The configured model.</summary>
    public TitanModel Model { get; }

    /// <summary>The output vector length.</summary>
    public int Dimension { get; }

    /// <summary>The InvokeModel address.</summary>
    public Uri InvokeUri { get; }

    /// <summary>The request-rate limiter (current rate and throttle count are observable).</summary>
    public AimdRateLimiter RateLimiter { get; }

    /// <summary>Embeds a PNG or JPEG image (multimodal model only). Returns an L2-normalised vector.</summary>
    public Task<float[]> EmbedImageAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken)
    {
        if (!Model.AcceptsImages)
        {
            throw new InvalidOperationException($"{Model.Id} embeds text only");
        }

        return _invoker.InvokeAsync(Body("inputImage", Convert.ToBase64String(image.Span)), Dimension, cancellationToken);
    }

    /// <summary>Embeds text (every Titan embedding model). Returns an L2-normalised vector.</summary>
    public Task<float[]> EmbedTextAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        return _invoker.InvokeAsync(Body("inputText", text), Dimension, cancellationToken);
    }

    private byte[] Body(string inputField, string input)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(inputField, input);
            switch (Model.DimensionField)
            {
                case TitanDimensionField.EmbeddingConfig:
                    json.WriteStartObject("embeddingConfig");
                    json.WriteNumber("outputEmbeddingLength", Dimension);
                    json.WriteEndObject();
                    break;
                case TitanDimensionField.Dimensions:
                    json.WriteNumber("dimensions", Dimension);
                    break;
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
