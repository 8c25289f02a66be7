using Microsoft.Extensions.Logging;

namespace FileSearch.Search.OpenSearch.Internals;

internal static partial class Log
{
    [LoggerMessage(EventId = 5200, Level = LogLevel.Information, Message = "Created OpenSearch index {Index} behind alias {Alias}")]
    public static partial void IndexCreated(ILogger logger, string index, string alias);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Debug, Message = "OpenSearch alias {Alias} exists")]
    public static partial void IndexExists(ILogger logger, string alias);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "OpenSearch throttled {Count} bulk items (attempt {Attempt}); retrying in {DelayMs} ms")]
    public static partial void BulkThrottled(ILogger logger, int count, int attempt, double delayMs);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Warning, Message = "OpenSearch rejected document {DocumentId}: {ErrorType} {ErrorReason}")]
    public static partial void BulkItemRejected(ILogger logger, string documentId, string? errorType, string? errorReason);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Debug, Message = "Sent OpenSearch bulk of {Count} actions, {Bytes} bytes")]
    public static partial void BulkSent(ILogger logger, int count, int bytes);

    [LoggerMessage(EventId = 5205, Level = LogLevel.Information, Message = "Rebuilding OpenSearch index into {Index} (live: {Live})")]
    public static partial void RebuildStarted(ILogger logger, string index, string live);

    [LoggerMessage(EventId = 5206, Level = LogLevel.Information, Message = "OpenSearch alias {Alias} now points to {Index}, replacing {Replaced} (deleted: {Deleted})")]
    public static partial void AliasSwapped(ILogger logger, string alias, string index, string replaced, bool deleted);

    [LoggerMessage(EventId = 5207, Level = LogLevel.Warning, Message = "OpenSearch rebuild abandoned: deleted the partial index {Index}; the alias is unchanged")]
    public static partial void RebuildAbandoned(ILogger logger, string index);

    [LoggerMessage(EventId = 5208, Level = LogLevel.Error, Message = "OpenSearch rebuild abandoned but the partial index {Index} could not be deleted: {Reason}")]
    public static partial void RebuildNotDeleted(ILogger logger, string index, string reason);

    [LoggerMessage(EventId = 5209, Level = LogLevel.Warning, Message = "OpenSearch index {Alias} has a mapping older than this version (no word suggestions, no folder facets for its documents); run ./filesearch reindex --all")]
    public static partial void MappingOutdated(ILogger logger, string alias);

    [LoggerMessage(EventId = 5210, Level = LogLevel.Information, Message = "OpenSearch index {Index} had no version fields (it predates conditional writes); added them to its mapping")]
    public static partial void VersionMappingAdded(ILogger logger, string index);

    [LoggerMessage(EventId = 5211, Level = LogLevel.Warning, Message = "OpenSearch index {Index} was created with analysis version {IndexAnalysis}, this version creates {Analysis} (notation variants such as okurigana meet only in the newer); run ./filesearch reindex --all")]
    public static partial void AnalysisOutdated(ILogger logger, string index, int indexAnalysis, int analysis);
}
