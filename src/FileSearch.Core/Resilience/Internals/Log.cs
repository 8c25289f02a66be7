using Microsoft.Extensions.Logging;

namespace FileSearch.Core.Resilience.Internals;

internal static partial class Log
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning,
        Message = "{Dependency} call failed ({Code}); retry {Attempt} in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string dependency, string code, int attempt, double delayMs);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Error,
        Message = "{Dependency} circuit opened after repeated failures ({Code}); calls are rejected for {BreakSeconds} s")]
    public static partial void CircuitOpened(ILogger logger, string dependency, string code, double breakSeconds);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Information,
        Message = "{Dependency} circuit half-open: letting one probe call through")]
    public static partial void CircuitHalfOpened(ILogger logger, string dependency);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Information,
        Message = "{Dependency} circuit closed: the dependency answers again")]
    public static partial void CircuitClosed(ILogger logger, string dependency);

    [LoggerMessage(EventId = 1520, Level = LogLevel.Warning,
        Message = "Chaos injection is ON for {Dependency}: faults {FaultRate:P0}, throttles {ThrottleRate:P0}, latency {LatencyRate:P0} x {LatencyMs} ms, {Windows} outage window(s)")]
    public static partial void ChaosEnabled(ILogger logger, string dependency, double faultRate, double throttleRate, double latencyRate, double latencyMs, int windows);

    [LoggerMessage(EventId = 1521, Level = LogLevel.Debug, Message = "Chaos: injected {Kind} into a {Dependency} call")]
    public static partial void ChaosInjected(ILogger logger, string dependency, string kind);
}
