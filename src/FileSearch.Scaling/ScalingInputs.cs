namespace FileSearch.Scaling;

/// <summary>An in-service instance of the worker group.</summary>
/// <param name="InstanceId">EC2 instance id.</param>
/// <param name="LaunchTime">When it was launched (termination picks the oldest idle one first).</param>
/// <param name="ProcessingMessages">Messages it is processing now; a busy instance is never a termination candidate.</param>
public sealed record InstanceState(string InstanceId, DateTimeOffset LaunchTime, int ProcessingMessages)
{
    /// <summary>True while the instance processes at least one message.</summary>
    public bool IsBusy => ProcessingMessages > 0;
}

/// <summary>What the policy sees at one evaluation.</summary>
/// <param name="VisibleMessages">Messages waiting in the queue (SQS ApproximateNumberOfMessagesVisible).</param>
/// <param name="InFlightMessages">Messages received and not yet deleted (ApproximateNumberOfMessagesNotVisible).</param>
/// <param name="CurrentCapacity">The group's desired capacity now (pending instances included).</param>
/// <param name="Instances">In-service instances and how busy they are.</param>
/// <param name="OldestMessageAge">Age of the oldest visible message, when known (SQS ApproximateAgeOfOldestMessage).</param>
/// <param name="MessageProcessingTime">Recent average time one message takes on one worker slot, when measured;
/// target tracking falls back to <see cref="ScalingPolicyOptions.DefaultProcessingTime"/>.</param>
public sealed record ScalingInputs(
    long VisibleMessages,
    long InFlightMessages,
    int CurrentCapacity,
    IReadOnlyList<InstanceState> Instances,
    TimeSpan? OldestMessageAge = null,
    TimeSpan? MessageProcessingTime = null);
