using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using FileSearch.Core.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Core.Tests.Resilience;

[Trait("Category", "Unit")]
public sealed class AimdRateLimiterTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ResilienceMetrics _metrics = new();

    public void Dispose() => _metrics.Dispose();

    [Fact]
    public void OnThrottle_EachThrottle_MultipliesRateDownToTheMinimum()
    {
        using var sut = CreateSut(initial: 40, min: 4, max: 100);

        sut.OnThrottle();
        Assert.Equal(20, sut.CurrentRate);
        sut.OnThrottle();
        sut.OnThrottle();
        Assert.Equal(5, sut.CurrentRate);
        sut.OnThrottle();

        Assert.Equal((4d, 4L), (sut.CurrentRate, sut.ThrottleCount));
    }

    [Fact]
    public void OnSuccess_AfterTenSuccessesInARow_AddsOneStepUpToTheMaximum()
    {
        using var sut = CreateSut(initial: 40, min: 4, max: 50);

        Succeed(sut, 9);
        Assert.Equal(40, sut.CurrentRate);
        Succeed(sut, 1);
        Assert.Equal(44, sut.CurrentRate);
        Succeed(sut, 30);

        Assert.Equal(50, sut.CurrentRate);
    }

    [Fact]
    public void OnThrottle_InTheMiddleOfASuccessRun_RestartsTheRun()
    {
        using var sut = CreateSut(initial: 40, min: 4, max: 100, increase: 1);

        Succeed(sut, 9);
        sut.OnThrottle();
        Succeed(sut, 9);
        Assert.Equal(20, sut.CurrentRate);
        Succeed(sut, 1);

        Assert.Equal(21, sut.CurrentRate);
    }

    [Fact]
    public async Task AcquireAsync_AtTwoPerSecond_SecondPermitWaitsHalfASecondOnTheClock()
    {
        using var sut = CreateSut(initial: 2, min: 1, max: 10);

        using var first = await sut.AcquireAsync(1);
        var second = sut.AcquireAsync(1).AsTask();
        await Task.Yield();
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(499));
        await Task.Yield();
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        using var lease = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(first.IsAcquired && lease.IsAcquired);
        Assert.Equal(2, sut.GetStatistics().TotalSuccessfulLeases);
    }

    [Fact]
    public async Task AcquireAsync_AfterThrottles_SpacingFollowsTheLowerRate()
    {
        using var sut = CreateSut(initial: 10, min: 1, max: 10);
        sut.OnThrottle();
        sut.OnThrottle();

        using var first = await sut.AcquireAsync(1);
        var second = sut.AcquireAsync(1).AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(390));
        await Task.Yield();
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(10));

        using var lease = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(lease.IsAcquired);
    }

    [Fact]
    public async Task AcquireAsync_SlotBeyondMaxQueueDelay_RejectedWithRetryAfter()
    {
        using var sut = CreateSut(initial: 1, min: 1, max: 1, maxQueueDelay: TimeSpan.FromSeconds(2));
        var queued = Enumerable.Range(0, 3).Select(_ => sut.AcquireAsync(1).AsTask()).ToList();

        using var rejected = await sut.AcquireAsync(1);

        Assert.False(rejected.IsAcquired);
        Assert.True(rejected.TryGetMetadata(MetadataName.RetryAfter, out var after));
        Assert.Equal(TimeSpan.FromSeconds(3), after);
        Assert.Equal(1, sut.GetStatistics().TotalFailedLeases);
        Assert.Equal(1, queued.Count(t => t.IsCompleted));
    }

    [Fact]
    public void AttemptAcquire_SlotTaken_FailsUntilTheClockReachesIt()
    {
        using var sut = CreateSut(initial: 4, min: 1, max: 10);

        using var first = sut.AttemptAcquire();
        using var second = sut.AttemptAcquire();
        _time.Advance(TimeSpan.FromMilliseconds(250));
        using var third = sut.AttemptAcquire();

        Assert.Equal((true, false, true), (first.IsAcquired, second.IsAcquired, third.IsAcquired));
        Assert.Empty(first.MetadataNames);
        Assert.True(second.TryGetMetadata(MetadataName.RetryAfter, out var after));
        Assert.Equal(TimeSpan.FromMilliseconds(250), after);
        Assert.Null(sut.IdleDuration);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromMilliseconds(750), sut.IdleDuration);
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_ThrowsAndLeavesNoQueuedCaller()
    {
        using var sut = CreateSut(initial: 1, min: 1, max: 1);
        using var first = await sut.AcquireAsync(1);
        using var cts = new CancellationTokenSource();

        var waiting = sut.AcquireAsync(1, cts.Token).AsTask();
        Assert.Equal(1, sut.GetStatistics().CurrentQueuedCount);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, sut.GetStatistics().CurrentQueuedCount);
    }

    [Fact]
    public async Task AcquireAsync_Disposed_Throws()
    {
        var sut = CreateSut(initial: 1, min: 1, max: 1);
        sut.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => sut.AcquireAsync(1).AsTask());
        Assert.Throws<ObjectDisposedException>(() => sut.AttemptAcquire());
    }

    [Theory]
    [InlineData(5, 10, 20)]
    [InlineData(30, 10, 20)]
    public void Constructor_InitialOutsideBounds_Throws(double initial, double min, double max) =>
        Assert.Throws<ArgumentException>(() => CreateSut(initial, min, max));

    [Fact]
    public void OnThrottle_PublishesThrottleCountAndRateOnTheMeter()
    {
        var throttles = 0L;
        var rates = new List<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ResilienceMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) =>
        {
            if (i.Name == "filesearch.resilience.throttles" && tags.ToArray().Any(t => t is { Key: "dependency", Value: "Test" }))
            {
                Interlocked.Add(ref throttles, v);
            }
        });
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) =>
        {
            if (i.Name == "filesearch.resilience.rate" && tags.ToArray().Any(t => t is { Key: "dependency", Value: "Test" }))
            {
                rates.Add(v);
            }
        });
        listener.Start();
        using var sut = CreateSut(initial: 8, min: 1, max: 10);

        sut.OnThrottle();
        sut.OnThrottle();
        listener.RecordObservableInstruments();

        Assert.Equal(2, Interlocked.Read(ref throttles));
        Assert.Equal([2d], rates);
    }

    private AimdRateLimiter CreateSut(double initial, double min, double max, double? increase = null, TimeSpan? maxQueueDelay = null) =>
        new("Test", new AimdRateLimiterOptions
        {
            InitialPerSecond = initial,
            MinPerSecond = min,
            MaxPerSecond = max,
            IncreasePerSecond = increase,
            MaxQueueDelay = maxQueueDelay ?? TimeSpan.FromMinutes(5),
        }, _time, _metrics);

    private static void Succeed(AimdRateLimiter limiter, int times)
    {
        for (var i = 0; i < times; i++)
        {
            limiter.OnSuccess();
        }
    }
}
