using System.Collections.Concurrent;
using FileSearch.Core.Domain;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;

namespace FileSearch.Cli.Ingest;

/// <summary>Collects what the worker reports during an ingest run: for the live display and the summary table.</summary>
public sealed class IngestProgress(TimeProvider timeProvider) : IProcessingObserver
{
    private readonly ConcurrentDictionary<DocumentId, ProcessingResult> _latest = new();
    private readonly ConcurrentQueue<(string Reason, DateTimeOffset At)> _failures = new();
    private readonly long _start = timeProvider.GetTimestamp();
    private int _finished;
    private int _failed;
    private int _retries;
    private long _pages;

    public int Finished => Volatile.Read(ref _finished);

    public int Failed => Volatile.Read(ref _failed);

    public int Retries => Volatile.Read(ref _retries);

    public long Pages => Interlocked.Read(ref _pages);

    public TimeSpan Elapsed => timeProvider.GetElapsedTime(_start);

    public IReadOnlyCollection<string> FailureReasons => [.. _failures.Select(f => f.Reason)];

    public void OnFileProcessed(ProcessingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _latest[result.DocumentId] = result;
        if (result.Outcome == ProcessingOutcome.Indexed)
        {
            Interlocked.Add(ref _pages, result.Pages);
        }
    }

    public void OnMessageFinished(QueueMessage message, MessageOutcome outcome, string? reason)
    {
        switch (outcome)
        {
            case MessageOutcome.Retrying:
                Interlocked.Increment(ref _retries);
                break;
            case MessageOutcome.DeadLettered:
                Interlocked.Increment(ref _failed);
                Interlocked.Increment(ref _finished);
                _failures.Enqueue((reason ?? "unknown", timeProvider.GetUtcNow()));
                break;
            case MessageOutcome.Completed or MessageOutcome.Ignored:
                Interlocked.Increment(ref _finished);
                break;
        }
    }

    /// <summary>One row per file type: files, succeeded, failed, total processing time.</summary>
    public IReadOnlyList<TypeSummary> Summarize() =>
        [.. _latest.Values
            .Where(r => r.Event.Kind == FileEventKind.Created)
            .GroupBy(r => r.Kind)
            .Select(g => new TypeSummary(
                g.Key,
                g.Count(),
                g.Count(r => r.Outcome is ProcessingOutcome.Indexed or ProcessingOutcome.PendingIndex or ProcessingOutcome.Unchanged or ProcessingOutcome.Stale
                    or ProcessingOutcome.PermissionsUpdated),
                g.Count(r => r.Outcome == ProcessingOutcome.Failed),
                g.Sum(r => r.Pages),
                TimeSpan.FromTicks(g.Sum(r => r.Duration.Ticks))))
            .OrderByDescending(s => s.Files)
            .ThenBy(s => s.Kind)];

    public int DeletedCount => _latest.Values.Count(r => r.Outcome == ProcessingOutcome.Deleted);
}

/// <summary>A row of the ingest summary.</summary>
public sealed record TypeSummary(FileKind Kind, int Files, int Succeeded, int Failed, int Pages, TimeSpan Time);
