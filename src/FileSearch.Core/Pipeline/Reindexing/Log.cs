using Microsoft.Extensions.Logging;

namespace FileSearch.Core.Pipeline.Reindexing;

internal static partial class Log
{
    [LoggerMessage(EventId = 1060, Level = LogLevel.Information, Message = "Reindexed from metadata: {Indexed} indexed, {Removed} removed, {Skipped} skipped in {ElapsedMs} ms")]
    public static partial void Reindexed(ILogger logger, long indexed, long removed, long skipped, long elapsedMs);

    [LoggerMessage(EventId = 1061, Level = LogLevel.Warning, Message = "Search index still unavailable; {Pending} document(s) stay PENDING_INDEX: {Reason}")]
    public static partial void DrainFailed(ILogger logger, long pending, string reason);

    [LoggerMessage(EventId = 1062, Level = LogLevel.Information, Message = "Indexing {Pending} PENDING_INDEX document(s)")]
    public static partial void DrainStarting(ILogger logger, long pending);
}
