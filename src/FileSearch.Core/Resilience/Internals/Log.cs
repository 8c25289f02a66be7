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
}
