using System.ComponentModel.DataAnnotations;

namespace FileSearch.Core.Resilience;

/// <summary>
/// Fault injection for one dependency, bound from <c>Resilience:Chaos:&lt;Dependency&gt;</c> (named options, name = one of
/// <see cref="ResilienceDependencies"/>). Off by default: a disabled dependency gets no chaos strategy at all. The injected
/// failures sit inside the dependency's pipeline, so its retries and circuit breaker react to them as to real ones, and
/// they look like real ones to <c>IErrorClassifier</c>: a throttle is an HTTP 429 (<c>throttled</c>), a fault an HTTP 500
/// (<c>server-error</c>), an outage a refused connection (<c>network</c>). For drills and tests only (<c>filesearch-bench soak</c>).
/// </summary>
public sealed class ChaosOptions : IValidatableObject
{
    /// <summary>The configuration section holding one sub-section per dependency.</summary>
    public const string SectionName = "Resilience:Chaos";

    /// <summary>Turns injection on for this dependency. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Share of calls that fail with a transient server error (HTTP 500), 0-1. Default 0.</summary>
    [Range(0.0, 1.0)]
    public double FaultRate { get; set; }

    /// <summary>Share of calls answered with a throttle (HTTP 429), 0-1; with <see cref="FaultRate"/> at most 1. Default 0.</summary>
    [Range(0.0, 1.0)]
    public double ThrottleRate { get; set; }

    /// <summary>Share of calls delayed by <see cref="Latency"/> before they run, 0-1. Default 0.</summary>
    [Range(0.0, 1.0)]
    public double LatencyRate { get; set; }

    /// <summary>Delay added to a call picked by <see cref="LatencyRate"/>. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan Latency { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Seed of the random draws, for a reproducible run. Default none (a different sequence each run).</summary>
    public int? Seed { get; set; }

    /// <summary>Windows in which every call fails (an outage or a throttling burst). Default none.</summary>
    public IList<ChaosWindow> Outages { get; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FaultRate + ThrottleRate > 1.0)
        {
            yield return new ValidationResult("FaultRate + ThrottleRate must not exceed 1", [nameof(FaultRate), nameof(ThrottleRate)]);
        }

        for (var i = 0; i < Outages.Count; i++)
        {
            var w = Outages[i];
            if (w.Start is null == w.After is null)
            {
                yield return new ValidationResult($"Outages:{i} needs exactly one of Start (a UTC time) or After (a delay after start)", [nameof(Outages)]);
            }

            if (w.Duration <= TimeSpan.Zero || w.After < TimeSpan.Zero)
            {
                yield return new ValidationResult($"Outages:{i} needs a positive Duration and a non-negative After", [nameof(Outages)]);
            }
        }
    }
}

/// <summary>What a dependency answers during a <see cref="ChaosWindow"/>.</summary>
public enum ChaosWindowKind
{
    /// <summary>Connection refused: the dependency is down.</summary>
    Unavailable = 0,

    /// <summary>HTTP 429 on every call: a throttling burst.</summary>
    Throttled = 1,
}

/// <summary>A period in which every call to the dependency fails.</summary>
public sealed class ChaosWindow
{
    /// <summary>When the window opens, as an absolute time (survives process restarts). Exclusive with <see cref="After"/>.</summary>
    public DateTimeOffset? Start { get; set; }

    /// <summary>When the window opens, counted from the first call of this process. Exclusive with <see cref="Start"/>.</summary>
    public TimeSpan? After { get; set; }

    /// <summary>How long the window lasts. Default 20 s.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Refused connections (default) or throttles.</summary>
    public ChaosWindowKind Kind { get; set; }
}
