namespace FileSearch.Bench.Simulation;

/// <summary>State of the simulated fleet at one evaluation.</summary>
/// <param name="At">Time since the start of the workload.</param>
/// <param name="Instances">Instances launched and not terminated (pending ones included).</param>
/// <param name="Visible">Messages waiting.</param>
/// <param name="InFlight">Messages being processed or hidden after an interruption.</param>
/// <param name="OldestAge">Age of the oldest unfinished message.</param>
public sealed record SimulationSample(TimeSpan At, int Instances, long Visible, long InFlight, TimeSpan OldestAge);

/// <summary>The outcome of one policy on one workload.</summary>
public sealed record SimulationResult(
    string Profile,
    string Policy,
    IReadOnlyList<SimulationSample> Samples,
    int Arrived,
    int Processed,
    int Interruptions,
    double InstanceHours,
    double Cost,
    TimeSpan MaxAge,
    double SloViolationMinutes,
    TimeSpan Elapsed)
{
    /// <summary>The closing line: <c>RESULT scaling profile=.. policy=.. instance_hours=.. max_age_s=.. slo_violation_min=..</c>.</summary>
    public string ResultLine => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"RESULT scaling profile={Profile} policy={Policy} instance_hours={InstanceHours:0.00} max_age_s={MaxAge.TotalSeconds:0} slo_violation_min={SloViolationMinutes:0}");
}
