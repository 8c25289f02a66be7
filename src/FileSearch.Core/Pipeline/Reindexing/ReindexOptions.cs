using System.ComponentModel.DataAnnotations;

namespace FileSearch.Core.Pipeline.Reindexing;

/// <summary>Options of the reindexer and of the PENDING_INDEX drainer (section <c>Reindex</c>).</summary>
public sealed class ReindexOptions
{
    public const string SectionName = "Reindex";

    /// <summary>How often the worker checks for PENDING_INDEX documents and tries to index them. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DrainInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Documents indexed per index commit. Default 200.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// Recompute image vectors from the originals while reindexing (the metadata store keeps text, not vectors), so
    /// <c>similar</c> works after a rebuild. Costs one download and one embedder call per image. Default true.
    /// </summary>
    public bool RestoreVectors { get; set; } = true;
}
