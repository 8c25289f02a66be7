using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Text;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Pipeline.Stages;

/// <summary>
/// Writes the normalised text and facts to the search index and commits before returning,
/// so an acknowledged message always has a durable index entry.
/// </summary>
public sealed class IndexStage(ISearchIndex index, IOptions<PipelineOptions> options) : IPipelineStage
{
    public string Name => "index";

    public async Task<StageResult> ExecuteAsync(ProcessingContext context, CancellationToken cancellationToken)
    {
        var document = BuildDocument(context, options.Value.MaxStoredTextChars);
        await index.IndexAsync(document, cancellationToken).ConfigureAwait(false);
        await index.CommitAsync(cancellationToken).ConfigureAwait(false);
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
            Id = evt.DocumentId,
            Bucket = evt.Bucket,
            Key = evt.Key,
            Name = evt.FileName,
            Path = evt.OriginalPath ?? evt.Key,
            Kind = context.Kind,
            Size = context.Object?.Size ?? evt.Size ?? 0,
            Modified = context.Object?.LastModified ?? evt.EventTime,
            Indexed = context.TimeProvider.GetUtcNow(),
            Text = TextNormalizer.NormalizeForIndex(text),
            Vector = context.Vector,
        };
    }
}
