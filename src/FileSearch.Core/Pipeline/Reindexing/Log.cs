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

    [LoggerMessage(EventId = 1063, Level = LogLevel.Warning, Message = "Reindexed {Bucket}/{Key} without an image vector: {Reason}")]
    public static partial void VectorNotRestored(ILogger logger, string bucket, string key, string reason);

    [LoggerMessage(EventId = 1064, Level = LogLevel.Information, Message = "Rebuilding the search index into the new version {Version}")]
    public static partial void RebuildStarted(ILogger logger, string version);

    [LoggerMessage(EventId = 1065, Level = LogLevel.Information, Message = "Search index version {Version} is live, replacing {Replaced} (deleted: {Deleted})")]
    public static partial void Swapped(ILogger logger, string version, string replaced, bool deleted);

    [LoggerMessage(EventId = 1066, Level = LogLevel.Information,
        Message = "Vector backfill: {Embedded} embedded, {Rejected} rejected, {Failed} failed (still pending), {Skipped} skipped")]
    public static partial void Backfilled(ILogger logger, long embedded, long rejected, long failed, long skipped);

    [LoggerMessage(EventId = 1067, Level = LogLevel.Warning, Message = "Vector backfill of {Bucket}/{Key} failed ({Code}): {Reason}")]
    public static partial void BackfillFailed(ILogger logger, string bucket, string key, string code, string reason);

    [LoggerMessage(EventId = 1068, Level = LogLevel.Error,
        Message = "The search index at {IndexLocation} is damaged ({Damage}); moving it aside and rebuilding it from the metadata store")]
    public static partial void IndexDamaged(ILogger logger, string indexLocation, string damage);

    [LoggerMessage(EventId = 1069, Level = LogLevel.Information, Message = "Claimed the search index at {IndexLocation} for this worker")]
    public static partial void IndexClaimed(ILogger logger, string indexLocation);

    [LoggerMessage(EventId = 1070, Level = LogLevel.Warning,
        Message = "Rebuilt the damaged search index from the metadata store: {Indexed} document(s); the damaged files are in {MovedTo}")]
    public static partial void IndexRepaired(ILogger logger, long indexed, string movedTo);

    [LoggerMessage(EventId = 1071, Level = LogLevel.Information, Message = "Checked the {StoreName} at {Location} ({Extent}): sound ({ElapsedMs} ms)")]
    public static partial void StorageChecked(ILogger logger, string storeName, string location, string extent, long elapsedMs);

    [LoggerMessage(EventId = 1072, Level = LogLevel.Warning,
        Message = "Could not record the clean stop of the {StoreName} at {Location} ({Reason}); the next start reads all of it")]
    public static partial void CleanStopNotMarked(ILogger logger, string storeName, string location, string reason);

    [LoggerMessage(EventId = 1073, Level = LogLevel.Information,
        Message = "Hash backfill: {Hashed} hashed, {Changed} changed since processed, {Failed} failed, {Skipped} skipped")]
    public static partial void HashesBackfilled(ILogger logger, long hashed, long changed, long failed, long skipped);

    [LoggerMessage(EventId = 1074, Level = LogLevel.Warning, Message = "Hash backfill of {Bucket}/{Key} failed ({Code}): {Reason}")]
    public static partial void HashBackfillFailed(ILogger logger, string bucket, string key, string code, string reason);

    [LoggerMessage(EventId = 1075, Level = LogLevel.Information,
        Message = "Read {Bucket}/{Key} again now that the index answers (its members were cut while it was down): {Outcome}")]
    public static partial void MembersReread(ILogger logger, string bucket, string key, string outcome);
}
