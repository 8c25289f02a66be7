using FileSearch.Scaling.Metrics;
using Microsoft.Extensions.Options;

namespace FileSearch.Scaling.Scaler;

/// <summary>
/// Reads the scaling inputs SQS's GetQueueAttributes lacks from CloudWatch in one GetMetricData call: the oldest
/// message's age, the latest one-minute Maximum of <c>AWS/SQS ApproximateAgeOfOldestMessage</c> for the queue carried
/// forward from the end of its minute to now
/// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html),
/// and the processing time per file, the workers' summed <c>filesearch.file.duration.sum</c> over their
/// <c>filesearch.file.duration.count</c> within <see cref="ScalerOptions.ProcessingTimeWindow"/> (the EMF lines of
/// <see cref="EmbeddedMetricFormatWriter"/>, dimension <c>Service</c>).
/// </summary>
public sealed class CloudWatchScalingMetrics(CloudWatchClient cloudWatch, IOptions<ScalerOptions> options, TimeProvider timeProvider) : IScalingMetricsSource
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    // SQS publishes its metrics once a minute, a few minutes late: look back far enough to find the latest.
    private static readonly TimeSpan AgeLookBack = TimeSpan.FromMinutes(10);

    public async Task<ScalingMetrics> ReadAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var queueName = settings.QueueName ?? throw new InvalidOperationException("Scaling:Scaler:QueueName is not set");
        var metricsNamespace = settings.MetricsNamespace ?? EmbeddedMetricFormatWriter.DefaultNamespace;
        KeyValuePair<string, string>[] service = [new("Service", EmbeddedMetricFormatWriter.ServiceDimension)];
        var now = timeProvider.GetUtcNow();
        var window = settings.ProcessingTimeWindow;
        var start = now - (window > AgeLookBack ? window : AgeLookBack);

        var data = await cloudWatch.GetMetricDataAsync(
            [
                new("age", "AWS/SQS", "ApproximateAgeOfOldestMessage", [new("QueueName", queueName)], Minute, "Maximum"),
                new("duration", metricsNamespace, EmbeddedMetricFormatWriter.FileDurationMetric + ".sum", service, Minute, "Sum"),
                new("files", metricsNamespace, EmbeddedMetricFormatWriter.FileDurationMetric + ".count", service, Minute, "Sum"),
            ],
            new DateTimeOffset(start.Ticks - (start.Ticks % Minute.Ticks), TimeSpan.Zero), now, cancellationToken).ConfigureAwait(false);

        // The latest datapoint is a few minutes old: the age it reports, carried forward to now (its minute's end is when it
        // was that old). A head that stands still keeps growing with the clock between datapoints, as the age step expects;
        // a head that moved shows in the next datapoint.
        TimeSpan? age = data["age"] is [var latest, ..]
            ? TimeSpan.FromSeconds(latest.Value) + Max(TimeSpan.Zero, now - (latest.Timestamp + Minute))
            : null;
        var since = now - window;
        var seconds = data["duration"].Where(p => p.Timestamp >= since).Sum(p => p.Value);
        var files = data["files"].Where(p => p.Timestamp >= since).Sum(p => p.Value);
        return new ScalingMetrics(age, files > 0 ? TimeSpan.FromSeconds(seconds / files) : null);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
