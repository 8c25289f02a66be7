using System.Diagnostics.Metrics;

namespace FileSearch.Core.Resilience;

/// <summary>
/// Counters of the <c>FileSearch.Resilience</c> meter: <c>filesearch.resilience.retries</c> and
/// <c>filesearch.resilience.circuit_transitions</c> (tags <c>dependency</c>, <c>state</c>) and
/// <c>filesearch.resilience.chaos_injected</c> (tags <c>dependency</c>, <c>kind</c>).
/// </summary>
public sealed class ResilienceMetrics : IDisposable
{
    /// <summary>The meter name to listen to.</summary>
    public const string MeterName = "FileSearch.Resilience";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _retries;
    private readonly Counter<long> _transitions;
    private readonly Counter<long> _chaos;

    public ResilienceMetrics()
    {
        _retries = _meter.CreateCounter<long>("filesearch.resilience.retries", description: "Retries of failed dependency calls");
        _transitions = _meter.CreateCounter<long>("filesearch.resilience.circuit_transitions", description: "Circuit breaker state changes");
        _chaos = _meter.CreateCounter<long>("filesearch.resilience.chaos_injected", description: "Failures and delays injected by chaos options");
    }

    internal void OnRetry(string dependency) => _retries.Add(1, new KeyValuePair<string, object?>("dependency", dependency));

    internal void OnCircuit(string dependency, string state) =>
        _transitions.Add(1, new KeyValuePair<string, object?>("dependency", dependency), new KeyValuePair<string, object?>("state", state));

    internal void OnChaos(string dependency, string kind) =>
        _chaos.Add(1, new KeyValuePair<string, object?>("dependency", dependency), new KeyValuePair<string, object?>("kind", kind));

    public void Dispose() => _meter.Dispose();
}
