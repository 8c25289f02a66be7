using System.Collections.Concurrent;
using FileSearch.Core.Errors;
using FileSearch.Core.Resilience.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace FileSearch.Core.Resilience;

/// <summary>
/// One Polly pipeline per dependency, built from its <see cref="DependencyResilienceOptions"/>: concurrency limit,
/// then retry (exponential backoff with jitter, only for failures <see cref="IErrorClassifier"/> calls retryable),
/// then circuit breaker, then (when <see cref="DependencyResilienceOptions.AdaptiveRateLimit"/> is on) an
/// <see cref="AimdRateLimiter"/> that every attempt's outcome feeds, then a per-attempt timeout, then the chaos
/// strategies of <see cref="ChaosOptions"/> when they are enabled (innermost, so retries, the breaker and the rate
/// limiter see injected failures as real ones). Failures leave as <see cref="ProcessingException"/> when the pipeline
/// itself rejected the call (circuit open, timeout, rate limit queue full).
/// </summary>
public sealed class ResiliencePipelines(
    IOptionsMonitor<DependencyResilienceOptions> options,
    IOptionsMonitor<ChaosOptions> chaos,
    IErrorClassifier classifier,
    TimeProvider timeProvider,
    ResilienceMetrics metrics,
    ILogger<ResiliencePipelines> logger)
{
    private static readonly ResiliencePropertyKey<bool> NoRetryKey = new("FileSearch.NoRetry");
    private static readonly ResiliencePropertyKey<TimeSpan> ExtraTimeKey = new("FileSearch.ExtraTime");

    private readonly ConcurrentDictionary<string, Lazy<(ResiliencePipeline Pipeline, AimdRateLimiter? Limiter, ResiliencePipeline Chaos)>> _pipelines =
        new(StringComparer.Ordinal);

    /// <summary>The adaptive rate limiter of <paramref name="dependency"/>, or null when it has none.</summary>
    public AimdRateLimiter? GetRateLimiter(string dependency) => Get(dependency).Limiter;

    /// <summary>
    /// Runs <paramref name="operation"/> through the pipeline of <paramref name="dependency"/>. Set
    /// <paramref name="retry"/> false for operations that are not idempotent (sends): they still count for the
    /// circuit breaker and the timeout but run once. <paramref name="extraTime"/> extends the attempt timeout (long polls).
    /// </summary>
    public async Task<T> ExecuteAsync<T>(string dependency, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken,
        bool retry = true, TimeSpan extraTime = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var (pipeline, limiter, chaos) = Get(dependency);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(NoRetryKey, !retry);
        context.Properties.Set(ExtraTimeKey, extraTime);
        try
        {
            Func<CancellationToken, Task<T>> injected = chaos == ResiliencePipeline.Empty
                ? operation
                : ct => chaos.ExecuteAsync(static async (op, token) => await op(token).ConfigureAwait(false), operation, ct).AsTask();
            Func<CancellationToken, Task<T>> attempt = limiter is null ? injected : ct => FeedAsync(limiter, injected, ct);
            return await pipeline.ExecuteAsync(static async (ctx, op) => await op(ctx.CancellationToken).ConfigureAwait(false), context, attempt)
                .ConfigureAwait(false);
        }
        catch (RateLimiterRejectedException ex)
        {
            var wait = ex.RetryAfter is { } after ? $"{after.TotalSeconds:0} s" : "too long";
            throw ProcessingException.Retryable("rate-limited",
                $"{dependency} is throttled: the adaptive rate limit ({limiter?.CurrentRate:0.##}/s) would delay this call by {wait}", ex);
        }
        catch (BrokenCircuitException ex)
        {
            var wait = ex.RetryAfter is { } after ? $"{after.TotalSeconds:0} s" : "the break duration";
            throw ProcessingException.Retryable("circuit-open",
                $"{dependency} circuit is open after repeated failures; calls are rejected for {wait}, then one probe is tried", ex);
        }
        catch (TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw ProcessingException.Retryable("timeout", $"{dependency} call timed out after {ex.Timeout.TotalSeconds:0.#} s", ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>As <see cref="ExecuteAsync{T}"/> for operations without a result.</summary>
    public Task ExecuteAsync(string dependency, Func<CancellationToken, Task> operation, CancellationToken cancellationToken, bool retry = true)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return ExecuteAsync(dependency, async ct =>
        {
            await operation(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken, retry);
    }

    private (ResiliencePipeline Pipeline, AimdRateLimiter? Limiter, ResiliencePipeline Chaos) Get(string dependency) =>
        _pipelines.GetOrAdd(dependency, d => new(() => Build(d))).Value;

    // Outcomes of each attempt, as the classifier sees them, steer the adaptive rate.
    private async Task<T> FeedAsync<T>(AimdRateLimiter limiter, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            var result = await operation(cancellationToken).ConfigureAwait(false);
            limiter.OnSuccess();
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException && classifier.Classify(e).Code == FailureCodes.Throttled)
        {
            limiter.OnThrottle();
            throw;
        }
    }

    private (ResiliencePipeline, AimdRateLimiter?, ResiliencePipeline) Build(string dependency)
    {
        var o = options.Get(dependency);
        var builder = new ResiliencePipelineBuilder { Name = dependency, TimeProvider = timeProvider };
        builder.AddConcurrencyLimiter(o.MaxConcurrency, queueLimit: int.MaxValue);
        if (o.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = o.MaxRetries,
                Delay = o.InitialDelay,
                MaxDelay = o.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = o.UseJitter,
                ShouldHandle = args => ValueTask.FromResult(
                    !args.Context.Properties.GetValue(NoRetryKey, false)
                    && args.Outcome.Exception is { } e and not BrokenCircuitException and not RateLimiterRejectedException
                    && IsRetryable(e, args.Context.CancellationToken)),
                OnRetry = args =>
                {
                    Log.Retrying(logger, dependency, classifier.Classify(args.Outcome.Exception!).Code, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                    metrics.OnRetry(dependency);
                    return default;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = 1.0,
            MinimumThroughput = o.FailureThreshold,
            SamplingDuration = o.BreakDuration,
            BreakDuration = o.BreakDuration,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e and not RateLimiterRejectedException
                && IsRetryable(e, args.Context.CancellationToken)),
            OnOpened = args =>
            {
                Log.CircuitOpened(logger, dependency, args.Outcome.Exception is { } e ? classifier.Classify(e).Code : "unknown", args.BreakDuration.TotalSeconds);
                metrics.OnCircuit(dependency, "open");
                return default;
            },
            OnHalfOpened = _ =>
            {
                Log.CircuitHalfOpened(logger, dependency);
                metrics.OnCircuit(dependency, "half-open");
                return default;
            },
            OnClosed = _ =>
            {
                Log.CircuitClosed(logger, dependency);
                metrics.OnCircuit(dependency, "closed");
                return default;
            },
        });
        // Before the timeout: waiting for a slot is not part of an attempt's time limit.
        var limiter = o.AdaptiveRateLimit ? new AimdRateLimiter(dependency, o.RateLimit, timeProvider, metrics) : null;
        if (limiter is not null)
        {
            builder.AddRateLimiter(new RateLimiterStrategyOptions
            {
                RateLimiter = args => limiter.AcquireAsync(1, args.Context.CancellationToken),
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = args => ValueTask.FromResult(o.Timeout + args.Context.Properties.GetValue(ExtraTimeKey, TimeSpan.Zero)),
        });
        // Chaos runs as its own innermost pipeline inside each attempt, so retries, the breaker, the timeout and the
        // adaptive rate limiter all see injected failures exactly as they see real ones.
        var chaosOptions = chaos.Get(dependency);
        if (!chaosOptions.Enabled)
        {
            return (builder.Build(), limiter, ResiliencePipeline.Empty);
        }

        var chaosBuilder = new ResiliencePipelineBuilder { Name = dependency + "-chaos", TimeProvider = timeProvider };
        ChaosStrategies.AddTo(chaosBuilder, dependency, chaosOptions, timeProvider, metrics, logger);
        return (builder.Build(), limiter, chaosBuilder.Build());
    }

    // The caller's own cancellation is not a dependency failure: it must neither be retried nor trip the breaker.
    private bool IsRetryable(Exception e, CancellationToken cancellationToken) =>
        !(e is OperationCanceledException && cancellationToken.IsCancellationRequested)
        && classifier.Classify(e).Kind == FailureKind.Retryable;
}
