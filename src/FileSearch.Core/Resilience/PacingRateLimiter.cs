using System.Threading.RateLimiting;
using FileSearch.Core.Resilience.Internals;

namespace FileSearch.Core.Resilience;

/// <summary>
/// A <see cref="RateLimiter"/> that spaces permits evenly at <see cref="PermitsPerSecond"/> on an injected
/// <see cref="TimeProvider"/>: each acquisition reserves the next free slot and waits for it, so 20 permits at 5 per
/// second span 3.8 s. No burst is saved up while idle. An asynchronous acquisition whose slot lies further ahead than
/// the maximum queue delay fails at once (with <see cref="MetadataName.RetryAfter"/>) instead of waiting.
/// Slots are kept on the provider's monotonic timestamp, not its wall clock, so a clock stepped backwards (NTP) does not
/// stall every caller until the clock catches up, and one stepped forwards does not release a burst.
/// </summary>
public class PacingRateLimiter : RateLimiter
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _maxQueueDelay;
    private double _rate;
    private readonly long _origin;
    private TimeSpan _nextSlot = TimeSpan.MinValue;
    private long _queued;
    private long _successful;
    private long _failed;
    private int _disposed;

    /// <param name="permitsPerSecond">The rate, greater than zero.</param>
    /// <param name="timeProvider">The clock the slots are measured on.</param>
    /// <param name="maxQueueDelay">Longest wait an asynchronous acquisition accepts; null: no limit.</param>
    public PacingRateLimiter(double permitsPerSecond, TimeProvider timeProvider, TimeSpan? maxQueueDelay = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(permitsPerSecond);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _rate = permitsPerSecond;
        _timeProvider = timeProvider;
        _origin = timeProvider.GetTimestamp();
        _maxQueueDelay = maxQueueDelay ?? TimeSpan.MaxValue;
    }

    /// <summary>The current rate, permits per second.</summary>
    public double PermitsPerSecond
    {
        get
        {
            lock (_gate)
            {
                return _rate;
            }
        }
    }

    /// <inheritdoc />
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                var now = Now();
                return _queued == 0 && _nextSlot <= now && _nextSlot != TimeSpan.MinValue ? now - _nextSlot : null;
            }
        }
    }

    /// <inheritdoc />
    public override RateLimiterStatistics GetStatistics()
    {
        lock (_gate)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _nextSlot <= Now() ? 1 : 0,
                CurrentQueuedCount = _queued,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    /// <summary>Changes the rate; slots already reserved keep their time.</summary>
    protected void SetRate(Func<double, double> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            _rate = change(_rate);
        }
    }

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_gate)
        {
            var now = Now();
            if (_nextSlot > now)
            {
                _failed++;
                return PacingLease.Rejected(_nextSlot - now);
            }

            Reserve(now, permitCount);
            return PacingLease.Acquired;
        }
    }

    /// <inheritdoc />
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        TimeSpan delay;
        lock (_gate)
        {
            var now = Now();
            var slot = _nextSlot > now ? _nextSlot : now;
            delay = slot - now;
            if (delay > _maxQueueDelay)
            {
                _failed++;
                return PacingLease.Rejected(delay);
            }

            Reserve(slot, permitCount);
            _queued++;
        }

        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            lock (_gate)
            {
                _queued--;
            }
        }

        return PacingLease.Acquired;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        Interlocked.Exchange(ref _disposed, 1);
        base.Dispose(disposing);
    }

    /// <summary>Time since this limiter was made, on the monotonic clock.</summary>
    private TimeSpan Now() => _timeProvider.GetElapsedTime(_origin);

    private void Reserve(TimeSpan slot, int permitCount)
    {
        _nextSlot = slot + TimeSpan.FromSeconds(permitCount / _rate);
        _successful++;
    }
}
