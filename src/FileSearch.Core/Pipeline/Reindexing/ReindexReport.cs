namespace FileSearch.Core.Pipeline.Reindexing;

/// <summary>What a reindex run did.</summary>
/// <param name="Indexed">Documents written to the index.</param>
/// <param name="Removed">Documents removed from the index (deleted or failed in the metadata).</param>
/// <param name="Skipped">Records left alone because a newer version was stored meanwhile.</param>
public sealed record ReindexReport(long Indexed, long Removed, long Skipped)
{
    /// <summary>Documents whose image vector was recomputed from the original.</summary>
    public long Vectors { get; init; }

    /// <summary>The index version made live by a side-by-side rebuild, or null for an in-place run.</summary>
    public string? SwappedTo { get; init; }

    /// <summary>The versions a side-by-side rebuild replaced.</summary>
    public IReadOnlyList<string> Replaced { get; init; } = [];

    /// <summary>True when the replaced versions were deleted.</summary>
    public bool ReplacedDeleted { get; init; }

    /// <summary>Where a damaged index folder was moved before the rebuild, or null when the index was readable.</summary>
    public string? DamagedIndexMovedTo { get; init; }

    /// <summary>What was wrong with the damaged index, or null.</summary>
    public string? Damage { get; init; }
}
