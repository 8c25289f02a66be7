using System.Text.Json;
using FileSearch.Core.Domain;
using FileSearch.Core.Security;
using Microsoft.Data.Sqlite;

namespace FileSearch.Embedded.Internals;

/// <summary>Maps <see cref="DocumentRecord"/> to and from the <c>documents</c> row.</summary>
internal static class DocumentRecordMapper
{
    public static SqliteCommand WithRecord(this SqliteCommand command, DocumentRecord record) =>
        command
            .With("$id", record.Id.Value)
            .With("$bucket", record.Bucket)
            .With("$key", record.Key)
            .With("$original_path", record.OriginalPath)
            .With("$name", record.Name)
            .With("$kind", record.Kind.ToString())
            .With("$mime_type", record.MimeType)
            .With("$size", record.Size)
            .With("$etag", record.ETag)
            .With("$version_id", record.VersionId)
            .With("$sequencer", record.Sequencer)
            .With("$event_time", record.EventTime.ToTicks())
            .With("$last_modified", record.LastModified.ToTicks())
            .With("$status", record.Status.ToString())
            .With("$failure_reason", record.FailureReason)
            .With("$page_count", record.PageCount)
            .With("$ocr_confidence", record.OcrConfidence)
            .With("$thumbnail_keys", JsonSerializer.Serialize(record.ThumbnailKeys))
            .With("$text_length", record.TextLength)
            .With("$truncated", record.Truncated)
            .With("$extraction_method", record.ExtractionMethod)
            .With("$created_at", record.CreatedAt.ToTicks())
            .With("$updated_at", record.UpdatedAt.ToTicks())
            .With("$ocr", record.Ocr?.ToJson())
            .With("$vector_pending", record.VectorPending)
            .With("$permissions", record.Permissions?.ToJson())
            .With("$vector_model", record.VectorModel)
            .With("$active_stage", record.ActiveStage)
            .With("$interruptions", record.Interruptions)
            .With("$child_ids", WriteIds(record.ChildIds))
            .With("$content_sha256", record.ContentSha256)
            .With("$text_signature", record.TextSignature)
            .With("$parent_id", record.ParentId?.Value)
            .With("$member_path", record.MemberPath)
            .With("$text", record.Text);

    /// <summary>Reads a row selected with <see cref="MetadataSchema.Columns"/>.</summary>
    public static DocumentRecord Read(SqliteDataReader reader)
    {
        if (!DocumentId.TryParse(reader.GetString(0), out var id))
        {
            throw new InvalidDataException($"metadata.db holds a malformed document id '{reader.GetString(0)}'");
        }

        return new DocumentRecord
        {
            Id = id,
            Bucket = reader.GetString(1),
            Key = reader.GetString(2),
            OriginalPath = reader.GetNullableString(3),
            Name = reader.GetString(4),
            Kind = Enum.TryParse<FileKind>(reader.GetString(5), out var kind) ? kind : FileKind.Unknown,
            MimeType = reader.GetNullableString(6),
            Size = reader.GetInt64(7),
            ETag = reader.GetNullableString(8),
            VersionId = reader.GetNullableString(9),
            Sequencer = reader.GetNullableString(10),
            EventTime = reader.GetNullableTime(11),
            LastModified = reader.GetNullableTime(12),
            Status = Enum.Parse<DocumentStatus>(reader.GetString(13)),
            FailureReason = reader.GetNullableString(14),
            PageCount = reader.IsDBNull(15) ? null : reader.GetInt32(15),
            OcrConfidence = reader.IsDBNull(16) ? null : reader.GetDouble(16),
            ThumbnailKeys = JsonSerializer.Deserialize<string[]>(reader.GetString(17)) ?? [],
            TextLength = reader.GetInt32(18),
            Truncated = reader.GetBoolean(19),
            ExtractionMethod = reader.GetNullableString(20),
            CreatedAt = reader.GetTime(21),
            UpdatedAt = reader.GetTime(22),
            Ocr = OcrSummary.FromJson(reader.GetNullableString(23)),
            VectorPending = reader.GetBoolean(24),
            Permissions = DocumentPermissions.FromJson(reader.GetNullableString(25)),
            VectorModel = reader.GetNullableString(26),
            ActiveStage = reader.GetNullableString(27),
            Interruptions = reader.GetInt32(28),
            ChildIds = ReadIds(reader.GetString(29)),
            ContentSha256 = reader.GetNullableString(30),
            TextSignature = reader.GetNullableString(31),
            ParentId = reader.GetNullableString(32) is { } parent
                ? DocumentId.TryParse(parent, out var parentId) ? parentId : throw new InvalidDataException($"metadata.db holds a malformed parent id '{parent}'")
                : null,
            MemberPath = reader.GetNullableString(33),
            Text = reader.GetNullableString(34),
        };
    }

    /// <summary>The <c>child_ids</c> column: a JSON array of the ids.</summary>
    public static string WriteIds(IEnumerable<DocumentId> ids) => JsonSerializer.Serialize(ids.Select(c => c.Value));

    public static DocumentId[] ReadIds(string json) =>
        [.. (JsonSerializer.Deserialize<string[]>(json) ?? []).Select(v => DocumentId.TryParse(v, out var id)
            ? id : throw new InvalidDataException($"metadata.db holds a malformed child document id '{v}'"))];
}
