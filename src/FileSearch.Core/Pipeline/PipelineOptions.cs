using System.ComponentModel.DataAnnotations;

namespace FileSearch.Core.Pipeline;

/// <summary>Options of the document pipeline (section <c>Pipeline</c>).</summary>
public sealed class PipelineOptions
{
    public const string SectionName = "Pipeline";

    /// <summary>Root of the private temp folders (one per process, one sub-folder per message). Required.</summary>
    [Required]
    public string TempDirectory { get; set; } = string.Empty;

    /// <summary>Files larger than this are rejected permanently (default 2 GiB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxFileSizeBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Stored text is cut at this many characters and the document flagged <c>truncated</c> (default 2,000,000).</summary>
    [Range(1000, int.MaxValue)]
    public int MaxStoredTextChars { get; set; } = 2_000_000;

    /// <summary>Bucket that receives thumbnails (default <c>filesearch-thumbnails</c>).</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    public string ThumbnailBucket { get; set; } = "filesearch-thumbnails";

    /// <summary>Key prefix of thumbnails inside <see cref="ThumbnailBucket"/> (default <c>thumbnails/</c>).</summary>
    public string ThumbnailPrefix { get; set; } = "thumbnails/";

    /// <summary>
    /// When the search index fails with a retryable error, store the document as PENDING_INDEX (text kept in the
    /// metadata store) and complete the message, instead of retrying the whole file; the reindexer indexes it later.
    /// Default true.
    /// </summary>
    public bool IndexOutageFallback { get; set; } = true;

    /// <summary>
    /// When the image embedder fails with a retryable error (after its own retries; or its circuit is open), index the
    /// document without a vector and mark it for <c>backfill vectors</c>, instead of retrying the whole file. Default true.
    /// </summary>
    public bool EmbedderOutageFallback { get; set; } = true;

    /// <summary>
    /// A file during which the worker process died this many times in one version's stages (a parser's native crash, stack
    /// overflow or out-of-memory; a kill) is failed permanently on its next attempt with <c>worker-crashed</c> naming the
    /// stage, instead of crashing the worker again. Keep it below the queue's maximum receive count (default 5), or the
    /// queue dead-letters the message first, without the stage. Default 3.
    /// </summary>
    [Range(1, 100)]
    public int MaxInterruptions { get; set; } = 3;

    /// <summary>
    /// Deepest nesting of containers whose members become documents: an archive in an archive is level 2. A container at
    /// this depth is indexed by name, its members are not read (reason <c>too-deep</c>). Default 5.
    /// </summary>
    [Range(1, 32)]
    public int MaxContainerDepth { get; set; } = 5;

    /// <summary>
    /// Most member and attachment documents made from one file, counting every nesting level; the rest is left out with
    /// <c>too-many-members</c>. Default 10,000.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxChildDocuments { get; set; } = 10_000;

    /// <summary>
    /// Members gathered before their ids are added to the file's PROCESSING record and their index entries and records are
    /// written, so every member written is listed by its file, even after a crash; the batch grows with the list (a quarter
    /// of the ids listed, at most 1,024, and written sooner once the gathered texts reach 2,000,000 characters). Default 32.
    /// </summary>
    [Range(1, 1024)]
    public int MemberWriteBatch { get; set; } = 32;

    /// <summary>
    /// Most bytes expanded from one file's containers, counting every nesting level (the decompression-bomb guard across
    /// levels); reading stops there with <c>expanded-size</c>. Default 1 GiB.
    /// </summary>
    [Range(1024, long.MaxValue)]
    public long MaxChildBytes { get; set; } = 1024L * 1024 * 1024;
}
