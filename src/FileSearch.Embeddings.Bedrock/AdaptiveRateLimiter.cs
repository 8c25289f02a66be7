namespace FileSearch.Embeddings.Bedrock;

/// <summary>
/// Spaces requests to a rate that adapts AIMD-style: halved on every throttle, raised by a step after each
/// run of <see cref="SuccessesPerIncrease"/> successes, always within [min, max]. Shared by all callers of one endpoint.
/// </summary>
public sealed class AdaptiveRateLimiter
{
    /// <summary>Successes in a row that earn one additive increase.</summary>
    public const int SuccessesPerIncrease = 10;

    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly double _min;
    private readonly double _max;
    private readonly double _step;
    private double _rate;
    private int _successRun;
    private long _throttles;
    private DateTimeOffset _nextSlot = DateTimeOffset.MinValue;

    public AdaptiveRateLimiter(double initialPerSecond, double minPerSecond, double maxPerSecond, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minPerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerSecond, minPerSecond);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _min = minPerSecond;
        _max = maxPerSecond;
        _rate = Math.Clamp(initialPerSecond, minPerSecond, maxPerSecond);
        _step = Math.Max(minPerSecond, _rate / 10);
        _timeProvider = timeProvider;
    }

    /// <summary>The current allowed rate, requests per second.</summary>
    public double CurrentRate
    {
        get
        {
            lock (_gate)
            {
                return _rate;
            }
        }
    }

    /// <summary>Throttles seen since start.</summary>
    public long ThrottleCount => Interlocked.Read(ref _throttles);

    /// <summary>Waits for this caller's slot.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        TimeSpan delay;
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            var slot = _nextSlot > now ? _nextSlot : now;
            _nextSlot = slot + TimeSpan.FromSeconds(1 / _rate);
            delay = slot - now;
        }

        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Records a success: a full run of them raises the rate by one step.</summary>
    public void OnSuccess()
    {
        lock (_gate)
        {
            if (++_successRun >= SuccessesPerIncrease)
            {
                _successRun = 0;
                _rate = Math.Min(_max, _rate + _step);
            }
        }
    }

    /// <summary>Records a throttle: the rate is halved (not below the minimum) and the success run restarts.</summary>
    public void OnThrottle()
    {
        Interlocked.Increment(ref _throttles);
        lock (_gate)
        {
            _successRun = 0;
            _rate = Math.Max(_min, _rate / 2);
        }
    }
}
