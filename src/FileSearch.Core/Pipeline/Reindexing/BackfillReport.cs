using FileSearch.Core.Domain;

namespace FileSearch.Core.Pipeline.Reindexing;

/// <summary>What happened to one document of a vector backfill.</summary>
public enum BackfillOutcome
{
    /// <summary>Embedded and written to the index.</summary>
    Embedded = 0,

    /// <summary>The embedder rejected the file for good; it is no longer marked.</summary>
    Rejected = 1,

    /// <summary>A retryable failure (embedder still unavailable, download failed); it stays marked.</summary>
    Failed = 2,

    /// <summary>Nothing to do (no longer pending, or no embedder for its type); left as it is.</summary>
    Skipped = 3,
}

/// <summary>One document done (for progress displays).</summary>
public sealed record BackfillItem(DocumentId Id, BackfillOutcome Outcome, string? Reason);

/// <summary>Totals of a vector backfill run.</summary>
public sealed class BackfillReport
{
    /// <summary>Documents embedded and indexed with their vector.</summary>
    public long Embedded { get; internal set; }

    /// <summary>Documents the embedder rejected for good.</summary>
    public long Rejected { get; internal set; }

    /// <summary>Documents that failed and stay marked for the next run.</summary>
    public long Failed { get; internal set; }

    /// <summary>Documents left alone.</summary>
    public long Skipped { get; internal set; }

    /// <summary>Embedded documents whose record a newer version replaced meanwhile (that version indexed itself).</summary>
    public long Superseded { get; internal set; }

    internal void Count(BackfillOutcome outcome)
    {
        switch (outcome)
        {
            case BackfillOutcome.Embedded: Embedded++; break;
            case BackfillOutcome.Rejected: Rejected++; break;
            case BackfillOutcome.Failed: Failed++; break;
            default: Skipped++; break;
        }
    }
}
