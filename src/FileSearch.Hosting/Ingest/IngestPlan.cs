using FileSearch.Core.Domain;
using FileSearch.Embedded;

namespace FileSearch.Hosting.Ingest;

/// <summary>
/// What an ingest run will do: events for new/changed files and for files removed since the last run;
/// <paramref name="PermissionsChanged"/> of the created events are about files whose content is unchanged and whose
/// permissions changed (the pipeline updates those without extracting them again).
/// </summary>
public sealed record IngestPlan(string Bucket, string Root, IReadOnlyList<FileEvent> Events, int Unchanged, int PermissionsChanged = 0)
{
    public int Created => Events.Count(e => e.Kind == FileEventKind.Created);

    /// <summary>Entries of the folder that are not indexed (special files, links out of the folder, invalid names ...), with their reasons.</summary>
    public IReadOnlyList<SkippedEntry> Skipped { get; init; } = [];

    public int Deleted => Events.Count(e => e.Kind == FileEventKind.Deleted);
}
