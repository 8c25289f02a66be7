using System.ComponentModel.DataAnnotations;

namespace FileSearch.Embedded;

/// <summary>
/// Settings of the embedded storage (configuration section <c>Embedded</c>): where the SQLite
/// queue, the metadata database, the bucket registry and unregistered buckets live, and how the queue behaves.
/// </summary>
public sealed class EmbeddedStorageOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Embedded";

    /// <summary>
    /// Folder holding <c>queue.db</c>, <c>metadata.db</c>, <c>buckets.db</c> and <c>objects/{bucket}</c>.
    /// Required; relative paths are resolved against the current directory. Created on first use.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>
    /// A visible message already received this many times without being deleted is moved to the
    /// dead-letter table on the next receive (SQS <c>maxReceiveCount</c>). Default 5, range 1-1000.
    /// </summary>
    [Range(1, 1000)]
    public int MaxReceiveCount { get; set; } = 5;

    /// <summary>
    /// How often a long-polling receive looks for messages sent by other processes. Sends through the
    /// same queue instance wake waiting receivers at once. Default 250 ms, range 10 ms - 10 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10", ParseLimitsInInvariantCulture = true)]
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a database operation waits for another process's write lock before failing with a
    /// retryable error (SQLite <c>busy_timeout</c>). Default 30 s, range 100 ms - 10 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal string FullDataDirectory => Path.GetFullPath(DataDirectory);
}
