namespace FileSearch.Scaling;

/// <summary>How the policy turns queue depth into a required instance count.</summary>
public enum ScalingMode
{
    /// <summary>The fixed rule: ceil(depth / <see cref="ScalingPolicyOptions.MessagesPerInstance"/>).</summary>
    Fixed = 0,

    /// <summary>
    /// AWS's recommendation for SQS-driven groups: acceptable backlog per instance =
    /// acceptable latency / processing time per message (times the messages one instance processes at once);
    /// required = ceil(depth / backlog per instance).
    /// https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-using-sqs-queue.html
    /// </summary>
    TargetTracking = 1,
}
