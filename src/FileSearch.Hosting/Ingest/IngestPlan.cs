using FileSearch.Core.Domain;

namespace FileSearch.Hosting.Ingest;

/// <summary>What an ingest run will do: events for new/changed files and for files removed since the last run.</summary>
public sealed record IngestPlan(string Bucket, string Root, IReadOnlyList<FileEvent> Events, int Unchanged)
{
    public int Created => Events.Count(e => e.Kind == FileEventKind.Created);

    public int Deleted => Events.Count(e => e.Kind == FileEventKind.Deleted);
}
