namespace FileSearch.Core.Resilience;

/// <summary>
/// An adaptive <see cref="PacingRateLimiter"/> (AIMD, as TCP congestion control): every throttle multiplies the rate by
/// <see cref="AimdRateLimiterOptions.DecreaseFactor"/>, every run of <see cref="AimdRateLimiterOptions.SuccessesPerIncrease"/>
/// successes adds <see cref="AimdRateLimiterOptions.EffectiveIncrease"/>, always within [min, max]. Callers report each
/// outcome with <see cref="OnSuccess"/> / <see cref="OnThrottle"/>. The rate and throttle count are observable here and on
/// the <c>FileSearch.Resilience</c> meter (<c>filesearch.resilience.rate</c>, <c>filesearch.resilience.throttles</c>).
/// </summary>
public sealed class AimdRateLimiter : PacingRateLimiter
{
    private readonly AimdRateLimiterOptions _options;
    private readonly ResilienceMetrics? _metrics;
    private int _successRun;
    private long _throttles;

    /// <param name="name">The dependency it paces (metric tag).</param>
    /// <param name="options">Rates and steps; validated here.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="metrics">Where the rate and throttles are published; null: not published.</param>
    public AimdRateLimiter(string name, AimdRateLimiterOptions options, TimeProvider timeProvider, ResilienceMetrics? metrics = null)
        : base(Validated(options).InitialPerSecond, timeProvider, options.MaxQueueDelay)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _options = options;
        _metrics = metrics;
        metrics?.Track(this);
    }

    /// <summary>The dependency it paces.</summary>
    public string Name { get; }

    /// <summary>The current allowed rate, calls per second.</summary>
    public double CurrentRate => PermitsPerSecond;

    /// <summary>Throttles reported since start.</summary>
    public long ThrottleCount => Interlocked.Read(ref _throttles);

    /// <summary>Records a success: a full run of them raises the rate by one step (not above the maximum).</summary>
    public void OnSuccess()
    {
        if (Interlocked.Increment(ref _successRun) >= _options.SuccessesPerIncrease)
        {
            Interlocked.Exchange(ref _successRun, 0);
            SetRate(r => Math.Min(_options.MaxPerSecond, r + _options.EffectiveIncrease));
        }
    }

    /// <summary>Records a throttle: the rate is cut by the decrease factor (not below the minimum) and the success run restarts.</summary>
    public void OnThrottle()
    {
        Interlocked.Increment(ref _throttles);
        Interlocked.Exchange(ref _successRun, 0);
        SetRate(r => Math.Max(_options.MinPerSecond, r * _options.DecreaseFactor));
        _metrics?.OnThrottle(Name);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        _metrics?.Untrack(this);
        base.Dispose(disposing);
    }

    private static AimdRateLimiterOptions Validated(AimdRateLimiterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate(new(options)).FirstOrDefault() is { } error)
        {
            throw new ArgumentException(error.ErrorMessage, nameof(options));
        }

        return options;
    }
}
