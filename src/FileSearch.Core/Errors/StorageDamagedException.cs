namespace FileSearch.Core.Errors;

/// <summary>
/// A local database file (queue, metadata) does not read: retryable for a message (never the document's fault, so never
/// dead-lettered as one), and a worker refuses to start on it. The message says what to do; nothing repairs or empties
/// the file automatically, so no queued work or stored text is thrown away.
/// </summary>
public sealed class StorageDamagedException : ProcessingException
{
    /// <summary>The reason code of this failure.</summary>
    public const string FailureCode = "storage-damaged";

    public StorageDamagedException()
        : this("a local database", "(unknown)", "it does not read")
    {
    }

    public StorageDamagedException(string message)
        : base(FailureKind.Retryable, FailureCode, message)
    {
        StoreName = "a local database";
        Location = string.Empty;
    }

    public StorageDamagedException(string message, Exception innerException)
        : base(FailureKind.Retryable, FailureCode, message, innerException)
    {
        StoreName = "a local database";
        Location = string.Empty;
    }

    public StorageDamagedException(string storeName, string location, string problem, Exception? innerException = null)
        : base(
            FailureKind.Retryable,
            FailureCode,
            $"The {storeName} at {location} is damaged ({problem}). FileSearch does not repair or empty it by itself: stop every "
            + "FileSearch process on this data directory, keep a copy of the file, then restore it from a backup, or recover it with "
            + $"sqlite3 '{location}' .recover | sqlite3 '{location}.recovered' and put the recovered file in its place",
            innerException)
    {
        StoreName = storeName;
        Location = location;
    }

    /// <summary>What the store is ("queue", "metadata store").</summary>
    public string StoreName { get; }

    /// <summary>The damaged file.</summary>
    public string Location { get; }
}
