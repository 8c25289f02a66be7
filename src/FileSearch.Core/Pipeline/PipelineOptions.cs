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
}
