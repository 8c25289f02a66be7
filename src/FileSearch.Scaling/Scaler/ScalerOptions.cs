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

    internal Uri ResolveEndpoint() => Endpoint ?? new Uri($"https://autoscaling.{Region}.amazonaws.com/");
}
