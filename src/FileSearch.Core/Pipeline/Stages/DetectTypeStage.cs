using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Core.Pipeline.Stages;

/// <summary>Detects the file type from content, with the extension of the key as fallback.</summary>
public sealed class DetectTypeStage(IFileTypeDetector detector) : IPipelineStage
{
    public string Name => "detect";

    public bool FetchesOnly => true;

    public async Task<StageResult> ExecuteAsync(ProcessingContext context, CancellationToken cancellationToken)
    {
        var path = context.LocalPath ?? throw new InvalidOperationException("download must run before detect");
        var type = await detector.DetectAsync(path, context.Event.FileName, cancellationToken).ConfigureAwait(false);
        context.Type = type;
        var how = type.ByContent ? "content" : "extension";
        var detail = $"{type.Kind.ShortName()} by {how}" + (type.ExtensionMismatch ? " (extension mismatch)" : string.Empty);
        return StageResult.Ok(detail);
    }
}
