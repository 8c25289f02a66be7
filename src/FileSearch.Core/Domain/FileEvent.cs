using FileSearch.Core.Security;

namespace FileSearch.Core.Domain;

/// <summary>What happened to an object.</summary>
public enum FileEventKind
{
    Created = 0,
    Deleted = 1,
}

/// <summary>
/// One file event, normalised from either the file-event message format or a native S3 event notification.
/// </summary>
/// <param name="Kind">Created (uploaded or overwritten) or deleted.</param>
/// <param name="Bucket">Bucket (embedded mode: a folder registered as a bucket).</param>
/// <param name="Key">Object key, already URL-decoded.</param>
/// <param name="Size">Size in bytes announced by the event, if any.</param>
/// <param name="EventTime">When the event happened (file-event message: uploadedAt; S3: eventTime).</param>
/// <param name="Sequencer">S3 sequencer: orders events for one key; compared as hex numbers.</param>
/// <param name="ETag">ETag of the object version the event is about.</param>
/// <param name="VersionId">S3 version id, if versioning is enabled.</param>
/// <param name="OriginalPath">Path of the file on the NAS, if the producer knows it.</param>
/// <param name="MimeType">MIME type announced by the producer (a hint; content decides).</param>
/// <param name="Acl">
/// Who may read the file, as the producer read it (the message's <c>metadata.acl</c>; <c>ingest</c> reads the folder's
/// POSIX permissions); null when the producer sent none.
/// </param>
public sealed record FileEvent(
    FileEventKind Kind,
    string Bucket,
    string Key,
    long? Size = null,
    DateTimeOffset? EventTime = null,
    string? Sequencer = null,
    string? ETag = null,
    string? VersionId = null,
    string? OriginalPath = null,
    string? MimeType = null,
    DocumentPermissions? Acl = null)
{
    public DocumentId DocumentId => DocumentId.From(Bucket, Key);

    public DocumentVersion Version => new(Sequencer, EventTime);

    /// <summary>File name part of the key (after the last '/').</summary>
    public string FileName => Key[(Key.LastIndexOf('/') + 1)..];
}
