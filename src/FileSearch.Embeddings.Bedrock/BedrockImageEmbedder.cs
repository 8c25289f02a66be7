using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Embeddings.Bedrock.Internals;
using FileSearch.Imaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Embeddings.Bedrock;

/// <summary>
/// <see cref="IImageEmbedder"/> over Amazon Bedrock Titan Multimodal Embeddings. Images outside the model's
/// limits (size, side, format) are converted to a fitting JPEG rather than rejected. A model rejection
/// (ValidationException) is a permanent <c>embedding-rejected</c> error: the pipeline indexes the document without a
/// vector and flags it; throttling, 5xx and timeouts are retried here, then surface as retryable.
/// </summary>
public sealed class BedrockImageEmbedder : IImageEmbedder
{
    private readonly BedrockTitanClient _client;
    private readonly VipsRuntime _runtime;
    private readonly TitanImagePreparer _preparer;

    public BedrockImageEmbedder(BedrockTitanClient client, VipsRuntime runtime, IOptions<BedrockEmbeddingOptions> options, ILogger<BedrockImageEmbedder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _runtime = runtime;
        _preparer = new TitanImagePreparer(options.Value, options.Value.MaxDecodePixels, logger);
    }

    /// <inheritdoc />
    public int Dimension => _client.Model.AcceptsImages ? _client.Dimension : 0;

    /// <inheritdoc />
    public string ModelId => Dimension == 0 ? string.Empty : $"{_client.Model.Id}/{_client.Dimension}";

    /// <inheritdoc />
    public bool CanEmbed(FileKind kind) => _client.Model.AcceptsImages && kind.IsImage() && _runtime.CanDecode(kind);

    /// <inheritdoc />
    public async Task<float[]?> EmbedAsync(string imagePath, FileKind kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagePath);
        if (!CanEmbed(kind))
        {
            return null;
        }

        var image = await _preparer.PrepareAsync(imagePath, kind, cancellationToken).ConfigureAwait(false);
        return await _client.EmbedImageAsync(image, cancellationToken).ConfigureAwait(false);
    }
}
