using FileSearch.Core.Domain;
using FileSearch.Core.Errors;

namespace FileSearch.Core.Pipeline;

/// <summary>How one stage went.</summary>
public enum StageStatus
{
    Succeeded = 0,
    Skipped = 1,

    /// <summary>Failed without failing the document (e.g. no thumbnail).</summary>
    Degraded = 2,
    Failed = 3,
}

/// <summary>Outcome and duration of one stage.</summary>
public sealed record StageOutcome(string Stage, StageStatus Status, TimeSpan Duration, string? Detail = null);

/// <summary>What happened to one file event.</summary>
public enum ProcessingOutcome
{
    Indexed = 0,
    Deleted = 1,

    /// <summary>A newer version is already stored; the event was acknowledged without changes.</summary>
    Stale = 2,

    /// <summary>The same version was already indexed; nothing to do.</summary>
    Unchanged = 3,
    Failed = 4,

    /// <summary>Processed and stored as PENDING_INDEX: the search index was unavailable; the reindexer indexes it later.</summary>
    PendingIndex = 5,

    /// <summary>
    /// Only the permissions changed (same content): metadata and index entry were updated from the stored text, nothing
    /// was extracted again.
    /// </summary>
    PermissionsUpdated = 6,
}

/// <summary>The record of processing one file event: each stage's outcome and duration, and the failure if any.</summary>
public sealed record ProcessingResult
{
    public required FileEvent Event { get; init; }

    public required ProcessingOutcome Outcome { get; init; }

    public IReadOnlyList<StageOutcome> Stages { get; init; } = [];

    public FileKind Kind { get; init; }

    public int Pages { get; init; }

    public FailureClassification? Failure { get; init; }

    public TimeSpan Duration { get; init; }

    public DocumentId DocumentId => Event.DocumentId;
}
