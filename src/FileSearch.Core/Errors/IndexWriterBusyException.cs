namespace FileSearch.Core.Errors;

/// <summary>
/// Another process is writing the index this process wanted to write (see <see cref="Ports.ISingleWriterIndex"/>).
/// Retryable for a single document (the holder may finish), but a process that cannot claim the index at start stops
/// with <see cref="Exception.Message"/> as its one line of explanation.
/// </summary>
public sealed class IndexWriterBusyException : ProcessingException
{
    public IndexWriterBusyException()
        : this("the search index", "another process")
    {
    }

    public IndexWriterBusyException(string message)
        : base(FailureKind.Retryable, FailureCode, message)
    {
        IndexLocation = string.Empty;
        Holder = "another process";
    }

    public IndexWriterBusyException(string message, Exception innerException)
        : base(FailureKind.Retryable, FailureCode, message, innerException)
    {
        IndexLocation = string.Empty;
        Holder = "another process";
    }

    public IndexWriterBusyException(string indexLocation, string holder, Exception? innerException = null)
        : base(
            FailureKind.Retryable,
            FailureCode,
            $"The search index at {indexLocation} is being written by another process ({holder}). Run one worker per data directory: "
            + "'ingest --enqueue-only' queues files for a running worker, and 'ingest' waits for it",
            innerException)
    {
        IndexLocation = indexLocation;
        Holder = holder;
    }

    /// <summary>The reason code of this failure.</summary>
    public const string FailureCode = "index-locked";

    /// <summary>The index folder.</summary>
    public string IndexLocation { get; }

    /// <summary>The holder as it described itself: pid, host, since when and its command line.</summary>
    public string Holder { get; }
}
