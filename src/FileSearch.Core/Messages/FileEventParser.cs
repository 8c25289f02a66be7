using System.Globalization;
using System.Text.Json;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Security;

namespace FileSearch.Core.Messages;

/// <summary>
/// Parses queue message bodies in the two accepted formats:
/// the file-event message format <c>{"eventType":"FILE_UPLOADED"|"FILE_DELETED","s3Bucket",...}</c> and native S3 event
/// notifications (<c>Records[]</c>, see https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
/// Anything invalid raises a permanent <see cref="ProcessingException"/> with code <c>invalid-message</c>.
/// </summary>
public static class FileEventParser
{
    private const string InvalidMessage = "invalid-message";

    public static ParsedMessage Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            throw Invalid("message body is empty");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            throw Invalid($"message body is not valid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("message body is not a JSON object");
            }

            if (TryGetString(root, "Event") == "s3:TestEvent")
            {
                return ParsedMessage.TestEvent;
            }

            if (root.TryGetProperty("Records", out var records))
            {
                return new ParsedMessage(S3NotificationParser.Parse(records));
            }

            if (root.TryGetProperty("eventType", out _))
            {
                return new ParsedMessage([ParseFileEventMessage(root)]);
            }

            throw Invalid("message is neither a file event (eventType) nor an S3 notification (Records)");
        }
    }

    private static FileEvent ParseFileEventMessage(JsonElement root)
    {
        var type = TryGetString(root, "eventType");
        var kind = type switch
        {
            "FILE_UPLOADED" or "FILE_CREATED" or "FILE_MODIFIED" => FileEventKind.Created,
            "FILE_DELETED" => FileEventKind.Deleted,
            _ => throw Invalid($"unknown event type '{type}' (expected FILE_UPLOADED or FILE_DELETED)"),
        };

        var bucket = TryGetString(root, "s3Bucket");
        var key = TryGetString(root, "s3Key");
        long? size = root.TryGetProperty("fileSize", out var sizeElement) ? ReadSize(sizeElement) : null;
        DateTimeOffset? uploadedAt = null;
        if (TryGetString(root, "uploadedAt") is { } uploadedText)
        {
            uploadedAt = ParseTime(uploadedText, "uploadedAt");
        }

        string? originalPath = null;
        string? mimeType = null;
        DocumentPermissions? acl = null;
        if (root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
        {
            originalPath = TryGetString(metadata, "original_path") ?? TryGetString(metadata, "originalPath");
            mimeType = TryGetString(metadata, "mime_type") ?? TryGetString(metadata, "mimeType");
            acl = ReadAcl(metadata);
        }

        var fileEvent = new FileEvent(kind, bucket ?? string.Empty, key ?? string.Empty, size, uploadedAt,
            Sequencer: TryGetString(root, "sequencer"), ETag: TryGetString(root, "eTag") ?? TryGetString(root, "etag"),
            VersionId: TryGetString(root, "versionId"), OriginalPath: originalPath, MimeType: mimeType, Acl: acl);
        return Validate(fileEvent);
    }

    /// <summary>Checks the rules every event must satisfy, whatever its format.</summary>
    internal static FileEvent Validate(FileEvent fileEvent)
    {
        if (string.IsNullOrWhiteSpace(fileEvent.Bucket))
        {
            throw Invalid("bucket is empty");
        }

        if (string.IsNullOrEmpty(fileEvent.Key))
        {
            throw Invalid("key is empty");
        }

        if (fileEvent.Key.Length > 1024)
        {
            throw Invalid("key is longer than 1024 characters");
        }

        if (fileEvent.Key.Contains('\0', StringComparison.Ordinal))
        {
            throw Invalid("key contains a NUL character");
        }

        if (fileEvent.Kind == FileEventKind.Created && fileEvent.Size is <= 0)
        {
            throw Invalid($"file size must be positive for an upload (got {fileEvent.Size})");
        }

        return fileEvent;
    }

    /// <summary>The optional <c>metadata.acl</c> (<see cref="DocumentPermissions.Read"/>); null when absent.</summary>
    internal static DocumentPermissions? ReadAcl(JsonElement metadata)
    {
        if (!metadata.TryGetProperty("acl", out var acl) || acl.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        try
        {
            return DocumentPermissions.Read(acl);
        }
        catch (FormatException ex)
        {
            throw Invalid("metadata.acl: " + ex.Message, ex);
        }
    }

    internal static long? ReadSize(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetInt64(out var n) => n,
        JsonValueKind.String when long.TryParse(element.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        JsonValueKind.Null => null,
        _ => throw Invalid("file size is not an integer"),
    };

    internal static DateTimeOffset ParseTime(string text, string field) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw Invalid($"{field} is not a valid timestamp ('{text}')");

    internal static string? TryGetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static ProcessingException Invalid(string reason, Exception? inner = null) =>
        ProcessingException.Permanent(InvalidMessage, "Invalid message: " + reason, inner);
}
