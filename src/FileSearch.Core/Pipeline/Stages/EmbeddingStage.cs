using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Pipeline.Stages;

/// <summary>
/// Computes the image embedding when the configured embedder handles the type. A permanent embedder
/// failure (the model rejects this image) leaves the document without a vector. A retryable one (embedder
/// unavailable) leaves it without a vector too, marked <see cref="ProcessingContext.VectorPending"/> for
/// <c>backfill vectors</c>, when <see cref="PipelineOptions.EmbedderOutageFallback"/> is on; otherwise it fails the attempt.
/// </summary>
public sealed class EmbeddingStage(IImageEmbedder embedder, IErrorClassifier classifier, IOptions<PipelineOptions> options,
    ILogger<EmbeddingStage> logger) : IPipelineStage
{
    public string Name => "embed";

    public bool ParsesContentOf(ProcessingContext context) => embedder.CanEmbed(context?.Kind ?? FileKind.Unknown);

    public async Task<StageResult> ExecuteAsync(ProcessingContext context, CancellationToken cancellationToken)
    {
        var path = context.LocalPath ?? throw new InvalidOperationException("download must run before embed");
        if (!embedder.CanEmbed(context.Kind))
        {
            return StageResult.Skipped($"no image embedder for {context.Kind.ShortName()}");
        }

        try
        {
            context.Vector = await embedder.EmbedAsync(path, context.Kind, cancellationToken).ConfigureAwait(false);
            context.VectorModel = embedder.ModelId;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && classifier.Classify(ex).Kind == FailureKind.Permanent)
        {
            Log.EmbeddingRejected(logger, context.Event.Bucket, context.Event.Key, ex.Message);
            context.VectorModel = embedder.ModelId;
            return StageResult.Degraded("no vector: " + ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && options.Value.EmbedderOutageFallback
            && classifier.Classify(ex) is { Kind: FailureKind.Retryable } failure)
        {
            context.VectorPending = true;
            Log.EmbedderUnavailable(logger, context.Event.Bucket, context.Event.Key, failure.Code, failure.Reason);
            return StageResult.Degraded($"embedder unavailable ({failure.Code}: {failure.Reason}); vector left for backfill");
        }

        return context.Vector is { } v ? StageResult.Ok($"{v.Length}-d vector") : StageResult.Skipped("embedder returned no vector");
    }
}
