namespace FileSearch.Core.Domain;

/// <summary>Lifecycle of a document in the metadata store.</summary>
public enum DocumentStatus
{
    Processing = 0,
    Indexed = 1,
    Failed = 2,
    Deleted = 3,

    /// <summary>
    /// Processed, but the search index was unavailable: the record holds the text, and the reindexer indexes it
    /// once the index answers again (shown as PENDING_INDEX).
    /// </summary>
    PendingIndex = 4,
}
