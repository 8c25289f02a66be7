using System.Net;
using FileSearch.Core.Errors;
using FileSearch.Core.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static FileSearch.Core.Tests.Resilience.ResilienceTestHost;

namespace FileSearch.Core.Tests.Resilience;

[Trait("Category", "Unit")]
public class AdaptiveRatePipelineTests
{
    private const string Dep = ResilienceDependencies.Metadata;
    private static CancellationToken Ct => CancellationToken.None;

    private static readonly (string, string)[] Enabled =
    [
        ("Resilience:Metadata:AdaptiveRateLimit", "true"), ("Resilience:Metadata:MaxRetries", "0"),
        ("Resilience:Metadata:FailureThreshold", "100"), ("Resilience:Metadata:RateLimit:InitialPerSecond", "40"),
        ("Resilience:Metadata:RateLimit:MinPerSecond", "5"), ("Resilience:Metadata:RateLimit:MaxPerSecond", "42"),
        ("Resilience:Metadata:RateLimit:IncreasePerSecond", "1"), ("Resilience:Metadata:RateLimit:SuccessesPerIncrease", "2"),
    ];

    [Fact]
    public async Task ExecuteAsync_ThrottledAnswers_CutTheDependencyRate()
    {
        var (pipelines, time, provider) = Create(Enabled);
        await using var _ = provider;

        for (var i = 0; i < 2; i++)
        {
            var call = pipelines.ExecuteAsync(Dep, _ => Task.FromException<int>(Throttled()), Ct);
            time.Advance(TimeSpan.FromSeconds(1));
            await Assert.ThrowsAsync<HttpRequestException>(() => call);
        }

        var limiter = pipelines.GetRateLimiter(Dep)!;
        Assert.Equal((10d, 2L), (limiter.CurrentRate, limiter.ThrottleCount));
    }

    [Fact]
    public async Task ExecuteAsync_RunsOfSuccesses_RaiseTheRateToTheMaximum()
    {
        var (pipelines, time, provider) = Create(Enabled);
        await using var _ = provider;

        for (var i = 0; i < 10; i++)
        {
            var call = pipelines.ExecuteAsync(Dep, _ => Task.FromResult(i), Ct);
            time.Advance(TimeSpan.FromSeconds(1));
            await call;
        }

        Assert.Equal(42, pipelines.GetRateLimiter(Dep)!.CurrentRate);
    }

    [Fact]
    public async Task ExecuteAsync_OtherFailures_LeaveTheRateAlone()
    {
        var (pipelines, time, provider) = Create(Enabled);
        await using var _ = provider;

        var call = pipelines.ExecuteAsync(Dep, _ => Task.FromException<int>(new TimeoutException("slow")), Ct);
        time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<TimeoutException>(() => call);

        Assert.Equal((40d, 0L), (pipelines.GetRateLimiter(Dep)!.CurrentRate, pipelines.GetRateLimiter(Dep)!.ThrottleCount));
    }

    [Fact]
    public async Task ExecuteAsync_SlotTooFarAhead_RejectedAsRetryableRateLimited()
    {
        var (pipelines, _, provider) = Create([.. Enabled, ("Resilience:Metadata:RateLimit:MaxQueueDelay", "00:00:00")]);
        await using var _ = provider;
        await pipelines.ExecuteAsync(Dep, _ => Task.FromResult(1), Ct);
        var calls = 0;

        var error = await Assert.ThrowsAsync<ProcessingException>(() => pipelines.ExecuteAsync(Dep, _ => Task.FromResult(++calls), Ct));

        Assert.Equal((FailureKind.Retryable, "rate-limited", 0), (error.Kind, error.Code, calls));
        Assert.Contains("adaptive rate limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRateLimiter_NotEnabled_Null()
    {
        var (pipelines, _, provider) = Create();
        await using var _ = provider;

        Assert.Null(pipelines.GetRateLimiter(Dep));
        Assert.Equal(1, await pipelines.ExecuteAsync(Dep, _ => Task.FromResult(1), Ct));
    }

    [Fact]
    public async Task Options_MinAboveInitial_FailValidation()
    {
        var (_, _, provider) = Create(("Resilience:Queue:RateLimit:MinPerSecond", "500"));
        await using var _ = provider;

        var error = Assert.Throws<OptionsValidationException>(() =>
            provider.GetRequiredService<IOptionsMonitor<DependencyResilienceOptions>>().Get(ResilienceDependencies.Queue));

        Assert.Contains("RateLimit: rate limit needs MinPerSecond", error.Message, StringComparison.Ordinal);
    }

    private static HttpRequestException Throttled() => new("slow down", null, HttpStatusCode.TooManyRequests);
}
