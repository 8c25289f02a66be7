namespace FileSearch.Core.Domain;

/// <summary>Lifecycle of a document in the metadata store.</summary>
public enum DocumentStatus
{
    Processing = 0,
    Indexed = 1,
    Failed = 2,
    Deleted = 3,
}
