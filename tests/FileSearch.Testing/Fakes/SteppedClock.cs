using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Testing.Fakes;

/// <summary>
/// A test clock with two faces, as a real machine has: a monotonic timestamp that only moves forward with
/// <see cref="Advance"/> (timers follow it), and a wall clock that <see cref="Step"/> can also move backwards or
/// forwards at once, as NTP does when it corrects a clock that drifted. <see cref="FakeTimeProvider"/> alone cannot
/// show the difference: its timestamp is derived from its wall time, and it refuses to go back.
/// </summary>
public sealed class SteppedClock(DateTimeOffset start) : TimeProvider
{
    private readonly FakeTimeProvider _monotonic = new(start);
    private readonly Lock _gate = new();
    private TimeSpan _step;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _monotonic.GetUtcNow() + _step;
        }
    }

    public override long GetTimestamp() => _monotonic.GetTimestamp();

    public override long TimestampFrequency => _monotonic.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _monotonic.CreateTimer(callback, state, dueTime, period);

    /// <summary>Time passes: both faces move forward and due timers fire.</summary>
    public void Advance(TimeSpan delta) => _monotonic.Advance(delta);

    /// <summary>The wall clock is set by <paramref name="delta"/> (negative: backwards); the monotonic clock does not move.</summary>
    public void Step(TimeSpan delta)
    {
        lock (_gate)
        {
            _step += delta;
        }
    }
}
