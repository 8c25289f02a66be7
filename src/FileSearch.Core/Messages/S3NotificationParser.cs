using System.Text.Json;
using FileSearch.Core.Domain;
using static FileSearch.Core.Messages.FileEventParser;

namespace FileSearch.Core.Messages;

/// <summary>
/// Native S3 event notifications. Keys arrive URL-encoded with '+' for spaces
/// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
/// </summary>
internal static class S3NotificationParser
{
    public static IReadOnlyList<FileEvent> Parse(JsonElement records)
    {
        if (records.ValueKind != JsonValueKind.Array || records.GetArrayLength() == 0)
        {
            throw Invalid("Records is not a non-empty array");
        }

        var events = new List<FileEvent>(records.GetArrayLength());
        foreach (var record in records.EnumerateArray())
        {
            events.Add(ParseRecord(record));
        }

        return events;
    }

    private static FileEvent ParseRecord(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("a record is not a JSON object");
        }

        var eventName = TryGetString(record, "eventName") ?? string.Empty;
        var kind = eventName switch
        {
            _ when eventName.StartsWith("ObjectCreated:", StringComparison.Ordinal) => FileEventKind.Created,
            _ when eventName.StartsWith("ObjectRemoved:", StringComparison.Ordinal) => FileEventKind.Deleted,
            _ => throw Invalid($"unsupported S3 event '{eventName}' (expected ObjectCreated:* or ObjectRemoved:*)"),
        };

        if (!record.TryGetProperty("s3", out var s3) || s3.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("record has no s3 section");
        }

        var bucket = s3.TryGetProperty("bucket", out var b) && b.ValueKind == JsonValueKind.Object ? TryGetString(b, "name") : null;
        if (!s3.TryGetProperty("object", out var obj) || obj.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("record has no s3.object section");
        }

        var rawKey = TryGetString(obj, "key") ?? string.Empty;
        // Invalid escapes are kept literally, as S3 would not have produced them.
        var key = Uri.UnescapeDataString(rawKey.Replace('+', ' '));

        long? size = obj.TryGetProperty("size", out var sizeElement) ? ReadSize(sizeElement) : null;
        DateTimeOffset? time = TryGetString(record, "eventTime") is { } t ? ParseTime(t, "eventTime") : null;
        var fileEvent = new FileEvent(kind, bucket ?? string.Empty, key, size, time,
            Sequencer: TryGetString(obj, "sequencer"), ETag: TryGetString(obj, "eTag"), VersionId: TryGetString(obj, "versionId"));
        return Validate(fileEvent);
    }
}
