using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Embeddings.Bedrock.Tests;

[Trait("Category", "Unit")]
public sealed class AdaptiveRateLimiterTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void OnThrottle_Repeated_HalvesDownToMinimum()
    {
        var sut = new AdaptiveRateLimiter(8, 1.5, 10, _time);

        sut.OnThrottle();
        Assert.Equal(4, sut.CurrentRate);
        sut.OnThrottle();
        sut.OnThrottle();

        Assert.Equal((1.5, 3L), (sut.CurrentRate, sut.ThrottleCount));
    }

    [Fact]
    public void OnSuccess_RunsOfSuccesses_RaiseUpToMaximum()
    {
        var sut = new AdaptiveRateLimiter(8, 0.5, 9, _time);

        for (var i = 0; i < AdaptiveRateLimiter.SuccessesPerIncrease - 1; i++)
        {
            sut.OnSuccess();
        }

        Assert.Equal(8, sut.CurrentRate);
        sut.OnSuccess();
        Assert.Equal(8.8, sut.CurrentRate, 6);
        for (var i = 0; i < AdaptiveRateLimiter.SuccessesPerIncrease; i++)
        {
            sut.OnSuccess();
        }

        Assert.Equal(9, sut.CurrentRate);
    }

    [Fact]
    public async Task WaitAsync_SecondCallerInSameInstant_WaitsOneInterval()
    {
        var sut = new AdaptiveRateLimiter(2, 1, 10, _time);

        await sut.WaitAsync(CancellationToken.None);
        var second = sut.WaitAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(400));
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(100));

        await second.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Constructor_InitialOutsideBounds_Clamped()
    {
        Assert.Equal(10, new AdaptiveRateLimiter(50, 1, 10, _time).CurrentRate);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveRateLimiter(5, 10, 1, _time));
    }
}
