using System.ComponentModel.DataAnnotations;

namespace FileSearch.Scaling.Scaler;

/// <summary>Options of the scaler and of the worker's scale-in protection (section <c>Scaling:Scaler</c>).</summary>
public sealed class ScalerOptions
{
    public const string SectionName = "Scaling:Scaler";

    /// <summary>Name of the worker Auto Scaling group (required by <c>scaler</c> and by <see cref="ProtectWhileBusy"/>).</summary>
    public string? GroupName { get; set; }

    /// <summary>AWS region (default <c>us-east-1</c>).</summary>
    [Required]
    public string Region { get; set; } = "us-east-1";

    /// <summary>Auto Scaling endpoint override (default: <c>https://autoscaling.{Region}.amazonaws.com/</c>).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Time between evaluations of the scaler (default 60 s, one CloudWatch period).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Worker mode: protect this instance from scale-in while it processes messages (default false).</summary>
    public bool ProtectWhileBusy { get; set; }

    /// <summary>How often the worker checks whether it is busy (default 5 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ProtectionCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Instance metadata service (default <c>http://169.254.169.254/</c>, IMDSv2).</summary>
    public Uri InstanceMetadataEndpoint { get; set; } = new("http://169.254.169.254/");

    /// <summary>
    /// Read the oldest message's age (<c>AWS/SQS ApproximateAgeOfOldestMessage</c>) and the workers' processing time per
    /// file (<c>filesearch.file.duration</c> from their EMF lines) from CloudWatch for the inputs the queue does not give.
    /// Default (unset): on when <c>Backends:Queue</c> is <c>sqs</c>.
    /// </summary>
    public bool? CloudWatchMetrics { get; set; }

    /// <summary>CloudWatch endpoint override (default: <c>https://monitoring.{Region}.amazonaws.com/</c>).</summary>
    public Uri? CloudWatchEndpoint { get; set; }

    /// <summary>SQS queue whose age is read (default: <c>Aws:QueueName</c>, else <c>filesearch-events</c>).</summary>
    public string? QueueName { get; set; }

    /// <summary>Namespace of the workers' EMF metrics (default: <c>Metrics:EmfNamespace</c>, else <c>FileSearch</c>).</summary>
    public string? MetricsNamespace { get; set; }

    /// <summary>Processing time per file: the mean over the files finished in this window (default 5 min, whole minutes).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan ProcessingTimeWindow { get; set; } = TimeSpan.FromMinutes(5);

    internal Uri ResolveEndpoint() => Endpoint ?? new Uri($"https://autoscaling.{Region}.amazonaws.com/");

    internal Uri ResolveCloudWatchEndpoint() => CloudWatchEndpoint ?? new Uri($"https://monitoring.{Region}.amazonaws.com/");
}
