namespace FileSearch.Bench.Simulation.Internals;

/// <summary>The simulation's clock, moved by the event loop; the policy reads it like any TimeProvider.</summary>
internal sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Start { get; } = start;

    public TimeSpan Elapsed { get; set; }

    public override DateTimeOffset GetUtcNow() => Start + Elapsed;
}
