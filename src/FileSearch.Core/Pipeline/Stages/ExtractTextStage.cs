using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Core.Pipeline.Stages;

/// <summary>
/// Extracts text with the first extractor that handles the detected type (text layers, Office, OCR for images).
/// Types without an extractor are still indexed by name and path. The extractors are asked in the host's
/// <see cref="ExtractorOrder"/> (registration order without one).
/// </summary>
public sealed class ExtractTextStage(IEnumerable<ITextExtractor> extractors, ExtractorOrder? order = null) : IPipelineStage
{
    private readonly ITextExtractor[] _extractors = order is null ? [.. extractors] : order.Apply(extractors);

    /// <summary>The extractors in the order they are asked.</summary>
    public IReadOnlyList<ITextExtractor> Extractors => _extractors;

    public string Name => "extract";

    /// <summary>
    /// False for a type no extractor reads (indexed by name) and for one whose extractor cannot crash on it
    /// (<see cref="ITextExtractor.CannotCrashOn"/>): the process cannot die in this stage there.
    /// </summary>
    public bool ParsesContentOf(ProcessingContext context)
    {
        var kind = context?.Kind ?? FileKind.Unknown;
        return ExtractorFor(kind) is { } extractor && !extractor.CannotCrashOn(kind);
    }

    public async Task<StageResult> ExecuteAsync(ProcessingContext context, CancellationToken cancellationToken)
    {
        var path = context.LocalPath ?? throw new InvalidOperationException("download must run before extract");
        var extractor = ExtractorFor(context.Kind);
        if (extractor is null)
        {
            return StageResult.Skipped($"no text extractor for {context.Kind.ShortName()}; indexed by name only");
        }

        var result = await extractor.ExtractAsync(path, context.Kind, context.WorkDirectory, cancellationToken).ConfigureAwait(false);
        context.Extraction = result;
        var pages = result.PageCount is { } p ? $", {p} page(s)" : string.Empty;
        var confidence = result.OcrConfidence is { } c ? $", confidence {c:F0}" : string.Empty;
        var detail = $"{result.Method}: {result.Text.Length} chars{pages}{confidence}";
        return result.Unread is { } unread ? StageResult.Degraded($"{detail}; {unread}") : StageResult.Ok(detail);
    }

    /// <summary>The first extractor, in the order asked, that reads <paramref name="kind"/>; null for none.</summary>
    private ITextExtractor? ExtractorFor(FileKind kind) => Array.Find(_extractors, e => e.CanExtract(kind));
}
