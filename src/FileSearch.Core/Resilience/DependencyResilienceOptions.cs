using System.ComponentModel.DataAnnotations;

namespace FileSearch.Core.Resilience;

/// <summary>
/// Resilience settings of one dependency, bound from <c>Resilience:&lt;Dependency&gt;</c> (named options, name =
/// one of <see cref="ResilienceDependencies"/>). Validated at start.
/// </summary>
public sealed class DependencyResilienceOptions : IValidatableObject
{
    /// <summary>The configuration section holding one sub-section per dependency.</summary>
    public const string SectionName = "Resilience";

    /// <summary>Retries of a retryable failure after the first attempt. Default 3 (0 disables retries).</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; doubles on each retry (exponential backoff). Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of one retry delay. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Randomises delays (decorrelated jitter) so many workers do not retry in lock-step. Default true.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>
    /// Time limit of one attempt. Default 30 s (object store: 10 min, large downloads). A queue receive adds
    /// its long-poll wait time on top.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retryable failures in a row (within <see cref="BreakDuration"/>) that open the circuit. Default 5.</summary>
    [Range(2, 1000)]
    public int FailureThreshold { get; set; } = 5;

    /// <summary>How long an open circuit rejects calls before one probe is let through (half-open). Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Calls in flight at once; further calls wait in line. Default 32.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>
    /// Paces calls with an <see cref="AimdRateLimiter"/> fed by the classifier (<see cref="Errors.FailureCodes.Throttled"/>
    /// cuts the rate, successes raise it). Default false; the AWS backends turn it on for the dependencies they serve.
    /// </summary>
    public bool AdaptiveRateLimit { get; set; }

    /// <summary>Rates of the adaptive limiter (sub-section <c>RateLimit</c>); used when <see cref="AdaptiveRateLimit"/> is on.</summary>
    public AimdRateLimiterOptions RateLimit { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(RateLimit, new ValidationContext(RateLimit), results, validateAllProperties: true);
        return results.Select(r => new ValidationResult("RateLimit: " + r.ErrorMessage, [.. r.MemberNames.Select(m => "RateLimit." + m)]));
    }
}

/// <summary>Names of the dependencies that get a resilience pipeline (also their configuration sub-section names).</summary>
public static class ResilienceDependencies
{
    public const string Queue = "Queue";
    public const string ObjectStore = "ObjectStore";
    public const string Metadata = "Metadata";
    public const string Index = "Index";
    public const string Embeddings = "Embeddings";

    /// <summary>All dependency names.</summary>
    public static IReadOnlyList<string> All { get; } = [Queue, ObjectStore, Metadata, Index, Embeddings];
}
