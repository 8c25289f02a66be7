using System.ComponentModel.DataAnnotations;

namespace FileSearch.Aws.Spot;

/// <summary>Section <c>Spot</c>: the Spot interruption monitor of the worker.</summary>
public sealed class SpotOptions
{
    public const string SectionName = "Spot";

    /// <summary>
    /// Poll instance metadata for interruption notices. Default true when the worker consumes SQS (the AWS deployment) and
    /// false for the embedded queue, where the host sets it; the monitor turns itself off when IMDS does not answer.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Instance metadata service endpoint. Default <c>http://169.254.169.254/</c>.</summary>
    [Required]
    public Uri Endpoint { get; set; } = new("http://169.254.169.254/");

    /// <summary>How often to poll. Default 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the first probe may take before IMDS counts as absent (not on EC2). Default 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Time kept free before the interruption time: in-flight work must finish by (notice time - margin), the rest is
    /// released. Default 20 seconds (the notice comes 2 minutes ahead).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:50")]
    public TimeSpan SafetyMargin { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Time allowed for flushing metrics and checkpoints and recording the state after the drain. Default 10 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan FlushTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// File where the worker records what it was processing when it was told to stop, reported by the next start.
    /// Default: <c>spot-state.json</c> in the pipeline's temp directory's parent, set by the host; empty turns it off.
    /// </summary>
    public string? StateFile { get; set; }
}
