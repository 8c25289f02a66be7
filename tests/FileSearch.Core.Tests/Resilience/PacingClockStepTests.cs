using FileSearch.Core.Resilience;
using FileSearch.Testing.Fakes;

namespace FileSearch.Core.Tests.Resilience;

/// <summary>Pacing is measured on the monotonic clock: an NTP step of the wall clock neither stalls nor bursts it.</summary>
[Trait("Category", "Resilience")]
public sealed class PacingClockStepTests
{
    private readonly SteppedClock _clock = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task AcquireAsync_WallClockSteppedBackAnHour_NextPermitStillHalfASecondAway()
    {
        using var sut = new PacingRateLimiter(2, _clock, maxQueueDelay: TimeSpan.FromSeconds(5));
        using var first = await sut.AcquireAsync(1);

        _clock.Step(TimeSpan.FromHours(-1));
        var second = sut.AcquireAsync(1).AsTask();
        await Task.Yield();
        Assert.False(second.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(500));

        using var lease = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(lease.IsAcquired);
    }

    [Fact]
    public void AttemptAcquire_WallClockSteppedForwardAnHour_NoPermitBeforeItsSlot()
    {
        using var sut = new PacingRateLimiter(2, _clock);
        using var first = sut.AttemptAcquire(1);

        _clock.Step(TimeSpan.FromHours(1));
        using var early = sut.AttemptAcquire(1);
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        using var onTime = sut.AttemptAcquire(1);

        Assert.True(first.IsAcquired);
        Assert.False(early.IsAcquired);
        Assert.True(onTime.IsAcquired);
    }
}
