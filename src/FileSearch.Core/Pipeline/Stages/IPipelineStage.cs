namespace FileSearch.Core.Pipeline.Stages;

/// <summary>What a stage reports: its status and a short detail for the result and logs.</summary>
public readonly record struct StageResult(StageStatus Status, string? Detail = null)
{
    public static StageResult Ok(string? detail = null) => new(StageStatus.Succeeded, detail);

    public static StageResult Skipped(string detail) => new(StageStatus.Skipped, detail);

    public static StageResult Degraded(string detail) => new(StageStatus.Degraded, detail);
}

/// <summary>One step of processing a created file. Stages run in a fixed order and share a <see cref="ProcessingContext"/>.</summary>
public interface IPipelineStage
{
    /// <summary>Short stage name used in results, logs and metrics (download, detect, extract ...).</summary>
    string Name { get; }

    /// <summary>
    /// True when this stage will run parsers on this file's content (extraction and OCR, thumbnails and embedding of the
    /// kinds they read): the processor records entering it, so a worker that dies inside is known to have died on this
    /// file, in this stage.
    /// </summary>
    bool ParsesContentOf(ProcessingContext context) => false;

    /// <summary>
    /// True for a stage that only fetches the file and looks at it (download, type detection): it parses nothing and
    /// writes nothing outside the message's folder, so it runs while the PROCESSING record is being written.
    /// </summary>
    bool FetchesOnly => false;

    Task<StageResult> ExecuteAsync(ProcessingContext context, CancellationToken cancellationToken);
}
