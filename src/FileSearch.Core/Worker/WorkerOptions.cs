using System.ComponentModel.DataAnnotations;

namespace FileSearch.Core.Worker;

/// <summary>Options of the queue consumer (section <c>Worker</c>).</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>Messages processed at once (default: number of cores).</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Messages that may wait for the index commit that makes them durable without holding one of the
    /// <see cref="Concurrency"/> slots (default 16; 0: a message holds its slot until it is acknowledged). Such a message
    /// is still acknowledged only after its commit; meanwhile the slot starts the next file, so small files share commits
    /// instead of each keeping a core idle during one.
    /// </summary>
    [Range(0, 1024)]
    public int MaxAwaitingCommit { get; set; } = 16;

    /// <summary>Messages asked for per receive, 1-10 (default 10).</summary>
    [Range(1, 10)]
    public int ReceiveBatchSize { get; set; } = 10;

    /// <summary>Long-polling wait per receive (default 20 s, the SQS maximum).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:20")]
    public TimeSpan ReceiveWaitTime { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Visibility timeout given to received messages (default 5 min); extended by the heartbeat while work continues.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "12:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Receives after which a failing message goes to the dead-letter queue (default 5).</summary>
    [Range(1, 1000)]
    public int MaxReceiveCount { get; set; } = 5;

    /// <summary>Visibility delay after the first retryable failure; doubles with each receive (default 2 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Upper bound of the retry delay (default 5 min).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "12:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>On shutdown, in-flight work may finish within this time; the rest is released to the queue (default 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Caps how many messages this worker starts per second (evenly spaced: 20 messages at 5/s take about 4 s), to
    /// protect downstream services. Default null: unlimited.
    /// </summary>
    [Range(0.001, 100_000)]
    public double? MaxMessagesPerSecond { get; set; }

    /// <summary>
    /// The worker takes no message while the temp folder or one of <see cref="DiskSpacePaths"/> has less than this many
    /// bytes free, and resumes once they have (default 256 MiB; 0 turns the check off).
    /// </summary>
    [Range(0, long.MaxValue)]
    public long MinFreeDiskBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>More folders whose disk must keep <see cref="MinFreeDiskBytes"/> free (the data directory of an embedded installation).</summary>
    public IList<string> DiskSpacePaths { get; } = [];
}
