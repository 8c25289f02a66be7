using System.Collections.Concurrent;
using FileSearch.Core.Domain;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;

namespace FileSearch.Bench.Commands.Bench.Pipeline;

/// <summary>
/// Collects the worker's <see cref="ProcessingResult"/>s (per-file duration and per-stage durations as the pipeline
/// itself measured them) through the ordinary observer hook, as metrics and the ingest display do.
/// </summary>
internal sealed class PipelineObserver : IProcessingObserver
{
    private readonly ConcurrentDictionary<DocumentId, ProcessingResult> _latest = new();

    public void OnFileProcessed(ProcessingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _latest[result.DocumentId] = result;
    }

    public void OnMessageFinished(QueueMessage message, MessageOutcome outcome, string? reason)
    {
    }

    /// <summary>One figure per file, the stages summed by name (metadata is written twice per file).</summary>
    public IReadOnlyList<FileFigure> Figures() =>
        [.. _latest.Values.OrderBy(r => r.Event.Key, StringComparer.Ordinal).Select(r => new FileFigure(
            r.Event.Key, r.Kind, r.Pages, r.Duration,
            r.Stages.GroupBy(s => s.Stage, StringComparer.Ordinal).ToDictionary(g => g.Key, g => TimeSpan.FromTicks(g.Sum(s => s.Duration.Ticks)), StringComparer.Ordinal),
            r.Outcome is ProcessingOutcome.Indexed) { Error = r.Failure?.Reason })];
}
