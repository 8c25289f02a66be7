namespace FileSearch.Scaling.Scaler;

/// <summary>Scaling inputs measured outside the queue; null where there is no datapoint.</summary>
/// <param name="OldestMessageAge">Age of the oldest message in the queue.</param>
/// <param name="MessageProcessingTime">Mean time the workers took per file recently.</param>
public sealed record ScalingMetrics(TimeSpan? OldestMessageAge, TimeSpan? MessageProcessingTime)
{
    /// <summary>Nothing measured.</summary>
    public static ScalingMetrics None { get; } = new(null, null);
}

/// <summary>Where <see cref="QueueScaler"/> reads the inputs its queue does not report.</summary>
public interface IScalingMetricsSource
{
    /// <summary>The latest measurements; throws when the source cannot be read (the scaler then goes on without them).</summary>
    Task<ScalingMetrics> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>The source when <see cref="ScalerOptions.CloudWatchMetrics"/> is off: nothing measured, nothing asked.</summary>
public sealed class NullScalingMetricsSource : IScalingMetricsSource
{
    public Task<ScalingMetrics> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(ScalingMetrics.None);
}
