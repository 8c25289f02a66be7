namespace FileSearch.Scaling;

/// <summary>What a scaling decision asks the group to do.</summary>
public enum ScalingAction
{
    /// <summary>Keep the current capacity.</summary>
    None = 0,

    /// <summary>Add instances.</summary>
    ScaleOut = 1,

    /// <summary>Remove idle instances.</summary>
    ScaleIn = 2,
}

/// <summary>Whether a decision may be applied now.</summary>
public enum ScalingStatus
{
    /// <summary>Apply <see cref="ScalingDecision.DesiredCapacity"/> now.</summary>
    Success = 0,

    /// <summary>Nothing to change.</summary>
    NoChange = 1,

    /// <summary>A change is wanted but the cooldown after the last scaling action has not passed; capacity stays.</summary>
    Cooldown = 2,
}

/// <summary>The outcome of one policy evaluation.</summary>
/// <param name="Action">SCALE_OUT, SCALE_IN or NONE (the action wanted, also when held back by the cooldown).</param>
/// <param name="Status">Whether to apply it now.</param>
/// <param name="CurrentCapacity">Capacity before the decision.</param>
/// <param name="DesiredCapacity">Capacity to set (equal to <paramref name="CurrentCapacity"/> unless <paramref name="Status"/> is Success).</param>
/// <param name="CurrentQueueDepth">Visible messages the decision was based on.</param>
/// <param name="Reason">One line explaining the decision, for logs and the scaler's output.</param>
/// <param name="TerminationCandidates">For a scale-in: idle instances to terminate, oldest first. Empty otherwise.</param>
public sealed record ScalingDecision(
    ScalingAction Action,
    ScalingStatus Status,
    int CurrentCapacity,
    int DesiredCapacity,
    long CurrentQueueDepth,
    string Reason,
    IReadOnlyList<InstanceState> TerminationCandidates)
{
    /// <summary>The action as the scaling design spells it: SCALE_OUT, SCALE_IN or NONE.</summary>
    public string ActionName => Action switch
    {
        ScalingAction.ScaleOut => "SCALE_OUT",
        ScalingAction.ScaleIn => "SCALE_IN",
        _ => "NONE",
    };

    /// <summary>The status as the scaling design spells it: SUCCESS, NO_CHANGE or COOLDOWN.</summary>
    public string StatusName => Status switch
    {
        ScalingStatus.Success => "SUCCESS",
        ScalingStatus.Cooldown => "COOLDOWN",
        _ => "NO_CHANGE",
    };
}
