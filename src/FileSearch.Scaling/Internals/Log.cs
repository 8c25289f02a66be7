using Microsoft.Extensions.Logging;

namespace FileSearch.Scaling.Internals;

/// <summary>Log messages of scaling and metrics (event ids 8100-8199).</summary>
internal static partial class Log
{


    [LoggerMessage(EventId = 8102, Level = LogLevel.Warning, Message = "Reading queue counts for metrics failed: {Reason}")]
    public static partial void QueueSampleFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 8110, Level = LogLevel.Information,
        Message = "Scaling {Action} {Status}: capacity {Current} -> {Desired}, queue depth {Depth}: {Reason}")]
    public static partial void ScalingDecision(ILogger logger, string action, string status, int current, int desired, long depth, string reason);

    [LoggerMessage(EventId = 8111, Level = LogLevel.Warning, Message = "Scaler evaluation failed: {Reason}")]
    public static partial void ScalerFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 8113, Level = LogLevel.Warning, Message = "Reading the scaling metrics failed; evaluating without them: {Reason}")]
    public static partial void ScalingMetricsFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 8114, Level = LogLevel.Debug, Message = "Scaling metrics: oldest message {AgeSeconds} s, processing time {ProcessingSeconds} s per file")]
    public static partial void ScalingMetricsRead(ILogger logger, double? ageSeconds, double? processingSeconds);

    [LoggerMessage(EventId = 8112, Level = LogLevel.Warning, Message = "Scale-in protection of {InstanceId} could not be set to {Protected}: {Reason}")]
    public static partial void ProtectionFailed(ILogger logger, string instanceId, bool @protected, string reason);
}
