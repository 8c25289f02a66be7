using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Core.Text;
using FileSearch.Core.Worker;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Pipeline.Stages;

/// <summary>
/// Writes the normalised text and facts to the search index and commits before returning,
/// so an acknowledged message always has a durable index entry. When the index fails with a retryable error
/// and <see cref="PipelineOptions.IndexOutageFallback"/> is on, the document is marked
/// <see cref="ProcessingContext.IndexPending"/> instead (stored as PENDING_INDEX for the reindexer). While it waits for the
/// commit, the message gives its worker slot to the next file (<see cref="WorkerSlots"/>): the commit is disk or network
/// time, and concurrent waiters share one commit. A message with a core to spare (<see cref="WorkerSlots.HasSpareCore"/>)
/// asks the index to analyse its text side by side (<see cref="IndexDocument.AnalyzeInParallel"/>).
/// </summary>
public sealed class IndexStage(ISearchIndex index, IOptions<PipelineOptions> options, IErrorClassifier classifier, WorkerSlots? slots = null)
    : IPipelineStage
{
    public string Name => "index";

    public Task<StageResult> ExecuteAsync(ProcessingContext context, CancellationToken cancellationToken) =>
        WriteAsync(context, BuildDocument(context, options.Value.MaxStoredTextChars) with { AnalyzeInParallel = slots?.HasSpareCore ?? false }, cancellationToken);

    /// <summary>
    /// Writes <paramref name="document"/> and commits; on a retryable index failure (with the fallback on) marks
    /// <paramref name="context"/> <see cref="ProcessingContext.IndexPending"/> instead of failing.
    /// </summary>
    public async Task<StageResult> WriteAsync(ProcessingContext context, IndexDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(document);
        try
        {
            await index.IndexAsync(document, cancellationToken).ConfigureAwait(false);
            slots?.TryYield();
            await index.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && options.Value.IndexOutageFallback
            && classifier.Classify(ex) is { Kind: FailureKind.Retryable } failure)
        {
            context.IndexPending = true;
            return StageResult.Skipped($"index unavailable ({failure.Code}: {failure.Reason}); stored as PENDING_INDEX");
        }

        return StageResult.Ok($"{document.Text.Length} chars indexed");
    }

    internal static IndexDocument BuildDocument(ProcessingContext context, int maxChars)
    {
        var evt = context.Event;
        var text = context.Extraction?.Text ?? string.Empty;
        if (text.Length > maxChars)
        {
            text = text[..maxChars];
        }

        return new IndexDocument
        {
            Id = context.DocumentId,
            Bucket = evt.Bucket,
            Key = evt.Key,
            Name = context.DocumentName,
            Path = evt.OriginalPath ?? evt.Key,
            Kind = context.Kind,
            Size = context.Object?.Size ?? evt.Size ?? 0,
            Modified = context.Object?.LastModified ?? evt.EventTime,
            Indexed = context.TimeProvider.GetUtcNow(),
            Text = TextNormalizer.NormalizeForIndex(text),
            Vector = context.Vector,
            VectorModel = context.Vector is null ? null : context.VectorModel,
            Permissions = context.Permissions,
            Version = evt.Version,
            ParentId = context.Member?.ParentId,
            MemberPath = context.Member?.MemberPath,
        };
    }
}
