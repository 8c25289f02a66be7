namespace FileSearch.Core.Pipeline.Reindexing;

/// <summary>What a reindex run did.</summary>
/// <param name="Indexed">Documents written to the index.</param>
/// <param name="Removed">Documents removed from the index (deleted or failed in the metadata).</param>
/// <param name="Skipped">Records left alone because a newer version was stored meanwhile.</param>
public sealed record ReindexReport(long Indexed, long Removed, long Skipped);
