using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace FileSearch.Core.Resilience;

/// <summary>
/// Instruments of the <c>FileSearch.Resilience</c> meter: counters <c>filesearch.resilience.retries</c>,
/// <c>filesearch.resilience.circuit_transitions</c> (tags <c>dependency</c>, <c>state</c>),
/// <c>filesearch.resilience.throttles</c> and <c>filesearch.resilience.chaos_injected</c> (tags <c>dependency</c>,
/// <c>kind</c>), and the gauge <c>filesearch.resilience.rate</c> (current rate of each
/// <see cref="AimdRateLimiter"/>, calls per second, tag <c>dependency</c>).
/// </summary>
public sealed class ResilienceMetrics : IDisposable
{
    /// <summary>The meter name to listen to.</summary>
    public const string MeterName = "FileSearch.Resilience";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _retries;
    private readonly Counter<long> _transitions;
    private readonly Counter<long> _throttles;
    private readonly Counter<long> _chaos;
    private readonly ConcurrentDictionary<AimdRateLimiter, byte> _limiters = new();

    public ResilienceMetrics()
    {
        _retries = _meter.CreateCounter<long>("filesearch.resilience.retries", description: "Retries of failed dependency calls");
        _transitions = _meter.CreateCounter<long>("filesearch.resilience.circuit_transitions", description: "Circuit breaker state changes");
        _throttles = _meter.CreateCounter<long>("filesearch.resilience.throttles", description: "Throttling answers fed to adaptive rate limiters");
        _chaos = _meter.CreateCounter<long>("filesearch.resilience.chaos_injected", description: "Failures and delays injected by chaos options");
        _meter.CreateObservableGauge("filesearch.resilience.rate", ObserveRates, unit: "{call}/s", description: "Current rate of each adaptive rate limiter");
    }

    internal void OnRetry(string dependency) => _retries.Add(1, Tag(dependency));

    internal void OnCircuit(string dependency, string state) =>
        _transitions.Add(1, Tag(dependency), new KeyValuePair<string, object?>("state", state));

    internal void OnThrottle(string dependency) => _throttles.Add(1, Tag(dependency));

    internal void Track(AimdRateLimiter limiter) => _limiters.TryAdd(limiter, 0);

    internal void Untrack(AimdRateLimiter limiter) => _limiters.TryRemove(limiter, out _);

    internal void OnChaos(string dependency, string kind) =>
        _chaos.Add(1, Tag(dependency), new KeyValuePair<string, object?>("kind", kind));

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<double>> ObserveRates() =>
        _limiters.Keys.Select(l => new Measurement<double>(l.CurrentRate, Tag(l.Name))).ToList();

    private static KeyValuePair<string, object?> Tag(string dependency) => new("dependency", dependency);
}
