using FileSearch.Core.Errors;
using FileSearch.Core.Resilience;
using static FileSearch.Core.Tests.Resilience.ResilienceTestHost;

namespace FileSearch.Core.Tests.Resilience;

[Trait("Category", "Unit")]
public class ResiliencePipelinesTests
{
    private const string Dep = ResilienceDependencies.Queue;
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task ExecuteAsync_AlwaysTransient_RetriesAfter1And2And4And8ThenCapped10Seconds()
    {
        var (pipelines, time, provider) = Create(("Resilience:Queue:MaxRetries", "5"), ("Resilience:Queue:UseJitter", "false"),
            ("Resilience:Queue:FailureThreshold", "100"));
        await using var _ = provider;
        var calls = 0;

        var run = pipelines.ExecuteAsync(Dep, _ => { calls++; return Task.FromException<int>(new TimeoutException("slow")); }, Ct);

        await WaitUntilAsync(() => calls == 1);
        foreach (var (delay, expectedCalls) in new[] { (1, 2), (2, 3), (4, 4), (8, 5), (10, 6) })
        {
            time.Advance(TimeSpan.FromSeconds(delay) - TimeSpan.FromMilliseconds(1));
            await Task.Yield();
            Assert.Equal(expectedCalls - 1, calls);
            time.Advance(TimeSpan.FromMilliseconds(1));
            await WaitUntilAsync(() => calls == expectedCalls);
        }

        await Assert.ThrowsAsync<TimeoutException>(() => run);
        Assert.Equal(6, calls);
    }

    [Fact]
    public async Task ExecuteAsync_PermanentError_NotRetried()
    {
        var (pipelines, _, provider) = Create();
        await using var _ = provider;
        var calls = 0;

        var error = await Assert.ThrowsAsync<ProcessingException>(() => pipelines.ExecuteAsync(Dep,
            _ => { calls++; return Task.FromException<int>(ProcessingException.Permanent("object-not-found", "gone")); }, Ct));

        Assert.Equal(("object-not-found", 1), (error.Code, calls));
    }

    [Fact]
    public async Task ExecuteAsync_RetryFalse_TransientErrorRunsOnce()
    {
        var (pipelines, _, provider) = Create();
        await using var _ = provider;
        var calls = 0;

        await Assert.ThrowsAsync<TimeoutException>(() => pipelines.ExecuteAsync(Dep,
            _ => { calls++; return Task.FromException<int>(new TimeoutException("lost")); }, Ct, retry: false));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task ExecuteAsync_TransientThenSuccess_ReturnsResultAfterOneRetry()
    {
        var (pipelines, time, provider) = Create();
        await using var _ = provider;
        var calls = 0;

        var run = pipelines.ExecuteAsync(Dep, _ => ++calls == 1 ? Task.FromException<int>(new IOException("reset")) : Task.FromResult(42), Ct);
        await WaitUntilAsync(() => calls == 1);
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(42, await run);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task ExecuteAsync_AttemptHangs_TimesOutAsRetryable()
    {
        var (pipelines, time, provider) = Create(("Resilience:Index:MaxRetries", "0"), ("Resilience:Index:Timeout", "00:00:05"));
        await using var _ = provider;
        var started = false;

        var run = pipelines.ExecuteAsync(ResilienceDependencies.Index, async ct =>
        {
            started = true;
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        }, Ct);
        await WaitUntilAsync(() => started);
        time.Advance(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<ProcessingException>(() => run);
        Assert.Equal((FailureKind.Retryable, "timeout"), (error.Kind, error.Code));
    }

    [Fact]
    public async Task ExecuteAsync_CallerCancels_NotRetried()
    {
        var (pipelines, _, provider) = Create();
        await using var _ = provider;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var calls = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipelines.ExecuteAsync(Dep, ct =>
        {
            calls++;
            cts.Cancel();
            ct.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        }, cts.Token));

        Assert.Equal(1, calls);
    }
}
