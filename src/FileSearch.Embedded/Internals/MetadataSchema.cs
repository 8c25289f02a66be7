namespace FileSearch.Embedded.Internals;

/// <summary>Schema and statements of <c>metadata.db</c>. Times are UTC ticks; enums are stored by name.</summary>
internal static class MetadataSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE documents (
            id                TEXT    NOT NULL PRIMARY KEY,
            bucket            TEXT    NOT NULL,
            key               TEXT    NOT NULL,
            original_path     TEXT    NULL,
            name              TEXT    NOT NULL,
            kind              TEXT    NOT NULL,
            mime_type         TEXT    NULL,
            size              INTEGER NOT NULL,
            etag              TEXT    NULL,
            version_id        TEXT    NULL,
            sequencer         TEXT    NULL,
            event_time        INTEGER NULL,
            last_modified     INTEGER NULL,
            status            TEXT    NOT NULL,
            failure_reason    TEXT    NULL,
            page_count        INTEGER NULL,
            ocr_confidence    REAL    NULL,
            thumbnail_keys    TEXT    NOT NULL DEFAULT '[]',
            text_length       INTEGER NOT NULL DEFAULT 0,
            truncated         INTEGER NOT NULL DEFAULT 0,
            extraction_method TEXT    NULL,
            created_at        INTEGER NOT NULL,
            updated_at        INTEGER NOT NULL,
            text              TEXT    NULL
        );
        CREATE INDEX ix_documents_bucket_key ON documents (bucket, key);
        CREATE INDEX ix_documents_key ON documents (key);
        CREATE INDEX ix_documents_original_path ON documents (original_path);
        CREATE INDEX ix_documents_status ON documents (status);
        """,
        "ALTER TABLE documents ADD COLUMN ocr TEXT NULL;",
        """
        ALTER TABLE documents ADD COLUMN vector_pending INTEGER NOT NULL DEFAULT 0;
        """,
        // DocumentPermissions.ToJson; NULL = no permission information (not the same as nobody).
        "ALTER TABLE documents ADD COLUMN permissions TEXT NULL;",
        // IImageEmbedder.ModelId of the document's vector; NULL = none, or indexed before model ids were recorded.
        "ALTER TABLE documents ADD COLUMN vector_model TEXT NULL;",
        // DocumentRecord.ActiveStage / Interruptions: where a PROCESSING attempt was, to recognise a worker that died there.
        """
        ALTER TABLE documents ADD COLUMN active_stage TEXT NULL;
        ALTER TABLE documents ADD COLUMN interruptions INTEGER NOT NULL DEFAULT 0;
        """,
        // DocumentRecord.ChildIds: index ids of the archive members and mail attachments made from the file (JSON array).
        "ALTER TABLE documents ADD COLUMN child_ids TEXT NOT NULL DEFAULT '[]';",
        // DocumentRecord.ContentSha256 (hex) and TextSignature (MinHash, base64): duplicate detection; NULL before they were recorded.
        """
        ALTER TABLE documents ADD COLUMN content_sha256 TEXT NULL;
        ALTER TABLE documents ADD COLUMN text_signature TEXT NULL;
        CREATE INDEX ix_documents_content_sha256 ON documents (content_sha256);
        """,
        // DocumentRecord.ParentId / MemberPath: a member or attachment's own record, linked to its file; NULL for a file.
        // Files with members processed before members had records lose their ETag, so the next ingest sees them as changed
        // and processes them again, which writes their members' records (pages, thumbnails and downloads need them).
        """
        ALTER TABLE documents ADD COLUMN parent_id TEXT NULL;
        ALTER TABLE documents ADD COLUMN member_path TEXT NULL;
        UPDATE documents SET etag = NULL WHERE child_ids <> '[]';
        """,
    ];

    /// <summary>Every column, in the order <see cref="DocumentRecordMapper.Read"/> expects. The text comes last,
    /// so reading the other columns never walks its overflow pages.</summary>
    public const string Columns =
        "id, bucket, key, original_path, name, kind, mime_type, size, etag, version_id, sequencer, event_time, last_modified, " +
        "status, failure_reason, page_count, ocr_confidence, thumbnail_keys, text_length, truncated, extraction_method, " +
        "created_at, updated_at, ocr, vector_pending, permissions, vector_model, active_stage, interruptions, child_ids, content_sha256, text_signature, parent_id, member_path, text";

    public const string Upsert =
        "INSERT INTO documents (" + Columns + ") VALUES ($id, $bucket, $key, $original_path, $name, $kind, $mime_type, $size, " +
        "$etag, $version_id, $sequencer, $event_time, $last_modified, $status, $failure_reason, $page_count, $ocr_confidence, " +
        "$thumbnail_keys, $text_length, $truncated, $extraction_method, $created_at, $updated_at, $ocr, $vector_pending, $permissions, $vector_model, $active_stage, $interruptions, $child_ids, $content_sha256, $text_signature, $parent_id, $member_path, $text) " +
        "ON CONFLICT (id) DO UPDATE SET bucket = excluded.bucket, key = excluded.key, original_path = excluded.original_path, " +
        "name = excluded.name, kind = excluded.kind, mime_type = excluded.mime_type, size = excluded.size, etag = excluded.etag, " +
        "version_id = excluded.version_id, sequencer = excluded.sequencer, event_time = excluded.event_time, " +
        "last_modified = excluded.last_modified, status = excluded.status, failure_reason = excluded.failure_reason, " +
        "page_count = excluded.page_count, ocr_confidence = excluded.ocr_confidence, thumbnail_keys = excluded.thumbnail_keys, " +
        "text_length = excluded.text_length, truncated = excluded.truncated, extraction_method = excluded.extraction_method, " +
        "created_at = excluded.created_at, updated_at = excluded.updated_at, ocr = excluded.ocr, vector_pending = excluded.vector_pending, " +
        "permissions = excluded.permissions, vector_model = excluded.vector_model, active_stage = excluded.active_stage, " +
        "interruptions = excluded.interruptions, child_ids = excluded.child_ids, content_sha256 = excluded.content_sha256, " +
        "text_signature = excluded.text_signature, parent_id = excluded.parent_id, member_path = excluded.member_path, text = excluded.text;";

    /// <summary>The stage of a PROCESSING attempt, only at exactly that version (<c>IS</c>: either side may be NULL).</summary>
    public const string SetActiveStage =
        "UPDATE documents SET active_stage = $stage WHERE id = $id AND status = $processing AND sequencer IS $sequencer AND event_time IS $event_time;";

    /// <summary>The member ids of a PROCESSING attempt, only at exactly that version.</summary>
    public const string SetChildIds =
        "UPDATE documents SET child_ids = $child_ids WHERE id = $id AND status = $processing AND sequencer IS $sequencer AND event_time IS $event_time;";

    /// <summary>The member ids of a PROCESSING attempt at exactly that version (no row otherwise).</summary>
    public const string SelectProcessingChildIds =
        "SELECT child_ids FROM documents WHERE id = $id AND status = $processing AND sequencer IS $sequencer AND event_time IS $event_time;";

    public const string SelectVersion = "SELECT sequencer, event_time FROM documents WHERE id = $id;";

    public const string SelectById = "SELECT " + Columns + " FROM documents WHERE id = $id;";

    public const string Delete = "DELETE FROM documents WHERE id = $id;";

    /// <summary>Keyset paging, so a long listing holds no read transaction open between pages. Files only: members share their key.</summary>
    public const string SelectBucketPage =
        "SELECT " + Columns + " FROM documents WHERE bucket = $bucket AND parent_id IS NULL AND (key > $key OR (key = $key AND id > $id)) " +
        "ORDER BY key, id LIMIT $limit;";

    public const string SelectByOriginalPath =
        "SELECT " + Columns + " FROM documents WHERE original_path = $path AND parent_id IS NULL ORDER BY updated_at DESC, id LIMIT 1;";

    public const string SelectByKey =
        "SELECT " + Columns + " FROM documents WHERE key = $path AND parent_id IS NULL ORDER BY updated_at DESC, id LIMIT 1;";

    public const string SelectStatusPage =
        "SELECT " + Columns + " FROM documents WHERE status = $status AND id > $id ORDER BY id LIMIT $limit;";

    public const string CountByStatus = "SELECT status, COUNT(*) FROM documents GROUP BY status;";
}
