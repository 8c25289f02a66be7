using FileSearch.Core.Security;

namespace FileSearch.Core.Domain;

/// <summary>The metadata of one document, as kept by the metadata store.</summary>
public sealed record DocumentRecord
{
    public required DocumentId Id { get; init; }

    public required string Bucket { get; init; }

    public required string Key { get; init; }

    /// <summary>Path on the NAS (or the local file path in embedded mode); falls back to the key.</summary>
    public string? OriginalPath { get; init; }

    /// <summary>File name shown to people.</summary>
    public required string Name { get; init; }

    public FileKind Kind { get; init; }

    public string? MimeType { get; init; }

    public long Size { get; init; }

    public string? ETag { get; init; }

    /// <summary>SHA-256 of the file's bytes (lower-case hex), null for documents indexed before hashes were recorded.</summary>
    public string? ContentSha256 { get; init; }

    /// <summary>
    /// MinHash signature of the extracted text (<see cref="Similarity.MinHashSignature.ToBase64"/>) for near-duplicate
    /// detection; null when the document has no text (or was indexed before signatures were recorded).
    /// </summary>
    public string? TextSignature { get; init; }

    public string? VersionId { get; init; }

    public string? Sequencer { get; init; }

    /// <summary>Event time of the version this record describes.</summary>
    public DateTimeOffset? EventTime { get; init; }

    /// <summary>Last modification time of the object, when known.</summary>
    public DateTimeOffset? LastModified { get; init; }

    public DocumentStatus Status { get; init; }

    public string? FailureReason { get; init; }

    public int? PageCount { get; init; }

    /// <summary>Mean OCR confidence (0-100) over OCR'd pages, null when nothing was OCR'd.</summary>
    public double? OcrConfidence { get; init; }

    /// <summary>Per-page OCR outcome (weak, not OCR'd, timed out, reused, preprocessing); null when nothing was OCR'd.</summary>
    public OcrSummary? Ocr { get; init; }

    /// <summary>Object-store keys of the thumbnails, in the thumbnail bucket.</summary>
    public IReadOnlyList<string> ThumbnailKeys { get; init; } = [];

    /// <summary>
    /// The index ids of the documents held inside this file (archive members, mail attachments, at every nesting level),
    /// indexed with its version and permissions: removed from the index with it, replaced when it changes.
    /// </summary>
    public IReadOnlyList<DocumentId> ChildIds { get; init; } = [];

    /// <summary>
    /// For a document held inside another one (an archive member, a mail attachment): the id of the file it was read from
    /// (the top-level file, whose <see cref="Bucket"/>, <see cref="Key"/>, version and permissions it shares). Null for a file.
    /// </summary>
    public DocumentId? ParentId { get; init; }

    /// <summary>
    /// For a member: its path inside the file, levels of nested containers joined by <c> › </c>
    /// (<c>旧版.zip › 見積/見積書.xls</c>); the original is read back from the file by this path. Null for a file.
    /// </summary>
    public string? MemberPath { get; init; }

    /// <summary>True for an archive member or mail attachment (<see cref="ParentId"/> set).</summary>
    public bool IsMember => ParentId is not null;

    /// <summary>Length in characters of the extracted text (before truncation).</summary>
    public int TextLength { get; init; }

    /// <summary>True when the stored text was cut at the configured cap.</summary>
    public bool Truncated { get; init; }

    /// <summary>
    /// Length in characters of the text stored and indexed: <see cref="TextLength"/>, or the configured cap
    /// (<c>Pipeline:MaxStoredTextChars</c>) when <see cref="Truncated"/>.
    /// </summary>
    public int StoredTextLength => Text?.Length ?? 0;

    /// <summary>
    /// True when the document was indexed without its image vector because the embedder was unavailable;
    /// <c>backfill vectors</c> embeds it later and clears the flag.
    /// </summary>
    public bool VectorPending { get; init; }

    /// <summary>
    /// The model id of the embedder that embedded the document (for example <c>resnet18-imagenet-v1/512</c>): its vector in
    /// the index is that model's, or it has none because that model gave none or rejected the image. Null when no embedder
    /// ran or the document was indexed before model ids were recorded. <c>backfill vectors</c> re-embeds images whose model
    /// is not the configured embedder's.
    /// </summary>
    public string? VectorModel { get; init; }

    /// <summary>How the text was obtained (plain, text-layer, openxml, ocr).</summary>
    public string? ExtractionMethod { get; init; }

    /// <summary>
    /// Who may read the document (allowed and denied principals with their sources); null when nothing is known, which is
    /// not the same as <see cref="DocumentPermissions.Nobody"/>.
    /// </summary>
    public DocumentPermissions? Permissions { get; init; }

    /// <summary>The extracted text as found in the file (for display); the index keeps a normalised copy.</summary>
    public string? Text { get; init; }

    /// <summary>
    /// For a PROCESSING record: the stage that runs parsers on the file (extract, thumbnail, embedding) which the current
    /// attempt entered last, cleared when the attempt ends without dying. Still set when the next attempt starts, it means
    /// the worker process died in that stage (native crash, stack overflow, out-of-memory, kill).
    /// </summary>
    public string? ActiveStage { get; init; }

    /// <summary>How many attempts at this version died in a stage so far (see <see cref="ActiveStage"/>).</summary>
    public int Interruptions { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DocumentVersion Version => new(Sequencer, EventTime);
}
