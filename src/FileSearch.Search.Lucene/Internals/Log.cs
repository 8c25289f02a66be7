using Microsoft.Extensions.Logging;

namespace FileSearch.Search.Lucene.Internals;

internal static partial class Log
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Opened Lucene index writer at {IndexDirectory} ({DocumentCount} documents, analysis {Analysis})")]
    public static partial void WriterOpened(ILogger logger, string indexDirectory, int documentCount, string analysis);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Lucene index at {IndexDirectory} was built with analysis {IndexAnalysis} but {Analysis} is configured; reindex for consistent results")]
    public static partial void AnalysisMismatch(ILogger logger, string indexDirectory, string indexAnalysis, string analysis);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Lucene index at {IndexDirectory} is being written by another process: {Holder}")]
    public static partial void WriteLockBusy(ILogger logger, string indexDirectory, string holder);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Debug, Message = "Committed Lucene index in {ElapsedMs} ms")]
    public static partial void Committed(ILogger logger, double elapsedMs);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Debug, Message = "Query {Query} is not valid syntax; searched its words instead")]
    public static partial void QueryFallback(ILogger logger, string query);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Debug, Message = "Search {Query} found {TotalHits} hits in {ElapsedMs} ms")]
    public static partial void Searched(ILogger logger, string query, long totalHits, double elapsedMs);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Information, Message = "Closed Lucene index at {IndexDirectory}")]
    public static partial void Closed(ILogger logger, string indexDirectory);

    [LoggerMessage(EventId = 5107, Level = LogLevel.Warning, Message = "Japanese morphology is off, searching with CJK bigrams only: {Reason}")]
    public static partial void MecabUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 5108, Level = LogLevel.Information, Message = "Text analysis {Analysis} selected")]
    public static partial void AnalysisSelected(ILogger logger, string analysis);

    [LoggerMessage(EventId = 5109, Level = LogLevel.Information, Message = "Compacted the image-vector log to {Bytes} bytes ({Vectors} vectors)")]
    public static partial void VectorsCompacted(ILogger logger, long bytes, int vectors);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Debug, Message = "Claimed the Lucene index at {IndexDirectory} for this process")]
    public static partial void Claimed(ILogger logger, string indexDirectory);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Warning, Message = "Moved the damaged Lucene index at {IndexDirectory} to {MovedTo} and started an empty one")]
    public static partial void IndexReset(ILogger logger, string indexDirectory, string movedTo);

    [LoggerMessage(EventId = 5112, Level = LogLevel.Warning, Message = "Lucene index at {IndexDirectory} has documents of schema {IndexSchema} (this version writes {Schema}): facets and name suggestions leave them out; run ./filesearch reindex --all")]
    public static partial void SchemaOutdated(ILogger logger, string indexDirectory, int indexSchema, int schema);

    [LoggerMessage(EventId = 5113, Level = LogLevel.Information, Message = "Every document of the Lucene index at {IndexDirectory} now has schema {Schema}")]
    public static partial void SchemaUpgraded(ILogger logger, string indexDirectory, int schema);

    [LoggerMessage(EventId = 5114, Level = LogLevel.Warning, Message = "The normalised text field (notation variants) is off: {Reason}")]
    public static partial void NormalizationUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 5115, Level = LogLevel.Information, Message = "Index write of {DocumentId} at {Version} skipped: the index holds the newer version {IndexedVersion}")]
    public static partial void IndexWriteSuperseded(ILogger logger, string documentId, string version, string indexedVersion);
}
