using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Simmy;
using Polly.Simmy.Fault;
using Polly.Simmy.Latency;

namespace FileSearch.Core.Resilience.Internals;

/// <summary>
/// Adds the configured chaos strategies (Polly's Simmy) to the innermost end of a dependency pipeline: outage windows,
/// then faults and throttles (one draw decides whether to inject, a second which), then latency. Nothing is added when
/// chaos is off, so a disabled dependency pays nothing.
/// </summary>
internal static class ChaosStrategies
{
    public static void AddTo(ResiliencePipelineBuilder builder, string dependency, ChaosOptions o, TimeProvider time, ResilienceMetrics metrics, ILogger logger)
    {
        if (!o.Enabled)
        {
            return;
        }

        Log.ChaosEnabled(logger, dependency, o.FaultRate, o.ThrottleRate, o.LatencyRate, o.Latency.TotalMilliseconds, o.Outages.Count);
        var random = new ChaosRandom(o.Seed is { } seed ? seed + SeedOffset(dependency) : null);
        if (o.Outages.Count > 0)
        {
            var started = time.GetUtcNow();
            var windows = o.Outages.Select(w => (From: w.Start ?? started + w.After!.Value, w.Duration, w.Kind)).ToArray();
            ChaosWindowKind? Current()
            {
                var now = time.GetUtcNow();
                return windows.Where(w => now >= w.From && now < w.From + w.Duration).Select(w => (ChaosWindowKind?)w.Kind).FirstOrDefault();
            }

            builder.AddChaosFault(new ChaosFaultStrategyOptions
            {
                InjectionRate = 1.0,
                EnabledGenerator = _ => ValueTask.FromResult(Current() is not null),
                FaultGenerator = _ => ValueTask.FromResult<Exception?>(Current() == ChaosWindowKind.Throttled ? Throttle(dependency) : Unavailable(dependency)),
                OnFaultInjected = args => Injected(args.Fault is HttpRequestException { StatusCode: not null } ? "throttle-burst" : "outage"),
            });
        }

        var failures = o.FaultRate + o.ThrottleRate;
        if (failures > 0)
        {
            builder.AddChaosFault(new ChaosFaultStrategyOptions
            {
                InjectionRate = failures,
                Randomizer = random.NextDouble,
                FaultGenerator = _ => ValueTask.FromResult<Exception?>(random.NextDouble() * failures < o.ThrottleRate ? Throttle(dependency) : Fault(dependency)),
                OnFaultInjected = args => Injected(args.Fault is HttpRequestException { StatusCode: HttpStatusCode.TooManyRequests } ? "throttle" : "fault"),
            });
        }

        if (o.LatencyRate > 0)
        {
            builder.AddChaosLatency(new ChaosLatencyStrategyOptions
            {
                InjectionRate = o.LatencyRate,
                Latency = o.Latency,
                Randomizer = random.NextDouble,
                OnLatencyInjected = _ => Injected("latency"),
            });
        }

        ValueTask Injected(string kind)
        {
            metrics.OnChaos(dependency, kind);
            Log.ChaosInjected(logger, dependency, kind);
            return default;
        }
    }

    /// <summary>What a throttling AWS or HTTP service answers; classified <c>throttled</c>.</summary>
    internal static HttpRequestException Throttle(string dependency) =>
        new(HttpRequestError.Unknown, $"{dependency} answered 429 Too Many Requests (chaos: injected throttle)", null, HttpStatusCode.TooManyRequests);

    /// <summary>A transient server error; classified <c>server-error</c>.</summary>
    internal static HttpRequestException Fault(string dependency) =>
        new(HttpRequestError.Unknown, $"{dependency} answered 500 Internal Server Error (chaos: injected fault)", null, HttpStatusCode.InternalServerError);

    /// <summary>A dependency that is down; classified <c>network</c>.</summary>
    internal static HttpRequestException Unavailable(string dependency) =>
        new(HttpRequestError.ConnectionError, $"{dependency} refused the connection (chaos: injected outage)", new SocketException((int)SocketError.ConnectionRefused));

    // Each dependency draws its own sequence from one configured seed.
    private static int SeedOffset(string dependency) => ResilienceDependencies.All.ToList().IndexOf(dependency) * 7919;

    private sealed class ChaosRandom(int? seed)
    {
        private readonly Random _random = seed is { } s ? new Random(s) : new Random();
        private readonly Lock _gate = new();

        public double NextDouble()
        {
            lock (_gate)
            {
                return _random.NextDouble();
            }
        }
    }
}
