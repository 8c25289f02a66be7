using System.ComponentModel.DataAnnotations;

namespace FileSearch.Core.Resilience;

/// <summary>
/// Settings of an <see cref="AimdRateLimiter"/> (bound from <c>Resilience:&lt;Dependency&gt;:RateLimit</c> for the
/// dependency pipelines). Must satisfy <see cref="MinPerSecond"/> &lt;= <see cref="InitialPerSecond"/> &lt;= <see cref="MaxPerSecond"/>.
/// </summary>
public sealed class AimdRateLimiterOptions : IValidatableObject
{
    /// <summary>Rate at start, calls per second. Default 100.</summary>
    [Range(0.01, 100_000)]
    public double InitialPerSecond { get; set; } = 100;

    /// <summary>Lowest rate throttles can cut to. Default 1 per second.</summary>
    [Range(0.01, 100_000)]
    public double MinPerSecond { get; set; } = 1;

    /// <summary>Highest rate successes can raise to. Default 1,000 per second.</summary>
    [Range(0.01, 100_000)]
    public double MaxPerSecond { get; set; } = 1_000;

    /// <summary>The rate is multiplied by this on every throttle (multiplicative decrease). Default 0.5.</summary>
    [Range(0.01, 0.99)]
    public double DecreaseFactor { get; set; } = 0.5;

    /// <summary>Added to the rate after each run of <see cref="SuccessesPerIncrease"/> successes; null (default): a tenth of the initial rate, at least the minimum.</summary>
    [Range(0.001, 100_000)]
    public double? IncreasePerSecond { get; set; }

    /// <summary>Successes in a row (no throttle between) that earn one additive increase. Default 10.</summary>
    [Range(1, 100_000)]
    public int SuccessesPerIncrease { get; set; } = 10;

    /// <summary>Longest wait for a slot; a caller that would wait longer is rejected (retryable). Default 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxQueueDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The additive step in effect.</summary>
    public double EffectiveIncrease => IncreasePerSecond ?? Math.Max(MinPerSecond, InitialPerSecond / 10);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinPerSecond > InitialPerSecond || InitialPerSecond > MaxPerSecond)
        {
            yield return new ValidationResult(
                $"rate limit needs MinPerSecond <= InitialPerSecond <= MaxPerSecond (got {MinPerSecond}, {InitialPerSecond}, {MaxPerSecond})",
                [nameof(InitialPerSecond)]);
        }
    }
}
