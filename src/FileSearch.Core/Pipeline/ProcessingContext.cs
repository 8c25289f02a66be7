using FileSearch.Core.Domain;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Core.Worker;

namespace FileSearch.Core.Pipeline;

/// <summary>State that flows through the stages while one file event is processed.</summary>
public sealed class ProcessingContext
{
    private readonly List<StageOutcome> _stages = [];

    public ProcessingContext(FileEvent fileEvent, string workDirectory, TimeProvider timeProvider)
    {
        Event = fileEvent;
        WorkDirectory = workDirectory;
        TimeProvider = timeProvider;
        StartedAt = timeProvider.GetUtcNow();
    }

    public FileEvent Event { get; }

    /// <summary>
    /// Set when this context processes a member or attachment read out of <see cref="Event"/>'s file, not the file itself:
    /// the member's id, name and place, which the record, the index entry and the thumbnail keys take instead of the file's.
    /// </summary>
    public MemberIdentity? Member { get; init; }

    /// <summary>The id of the document being processed: the member's (<see cref="Member"/>) or the file's.</summary>
    public DocumentId DocumentId => Member?.Id ?? Event.DocumentId;

    /// <summary>The name shown for the document: the member's chain (<c>2019_見積.zip › 見積/見積書.xls</c>) or the file name.</summary>
    public string DocumentName => Member?.Name ?? Event.FileName;

    /// <summary>Private folder of this message; deleted when processing ends, whatever the outcome.</summary>
    public string WorkDirectory { get; }

    public TimeProvider TimeProvider { get; }

    public DateTimeOffset StartedAt { get; }

    public string? LocalPath { get; set; }

    public ObjectInfo? Object { get; set; }

    /// <summary>
    /// The object's facts as read before the download, when a step needed them (its stored permissions): the download
    /// stage checks the size on them instead of asking the store again.
    /// </summary>
    public ObjectInfo? Head { get; set; }

    /// <summary>SHA-256 (lower-case hex) of the downloaded file, set by the download stage.</summary>
    public string? ContentSha256 { get; set; }

    /// <summary>
    /// The SHA-256 of the downloaded file while it is computed beside the later stages (the download stage starts it);
    /// the processor settles it into <see cref="ContentSha256"/> before the record is written and the local files removed.
    /// </summary>
    public Task<string>? ContentHashing { get; set; }

    public DetectedType? Type { get; set; }

    public ExtractionResult? Extraction { get; set; }

    public IReadOnlyList<string> ThumbnailKeys { get; set; } = [];

    public float[]? Vector { get; set; }

    /// <summary>
    /// The model id of the embedder that embedded the file (<see cref="Ports.IImageEmbedder.ModelId"/>), set when it gave a
    /// vector, none, or rejected the image for good; null when no embedder ran or it was unavailable.
    /// </summary>
    public string? VectorModel { get; set; }

    public DocumentRecord? Previous { get; set; }

    /// <summary>
    /// The near-duplicate signature of the stored text (<see cref="DocumentRecord.TextSignature"/>) when it was computed
    /// beside the later stages; null: the record computes it.
    /// </summary>
    public string? TextSignature { get; set; }

    /// <summary>The document's permissions: the event's <see cref="FileEvent.Acl"/> after path rules and aliases.</summary>
    public DocumentPermissions? Permissions { get; set; }

    /// <summary>Set by the index stage when the index was unavailable and the document waits as PENDING_INDEX.</summary>
    public bool IndexPending { get; set; }

    /// <summary>Set by the embedding stage when the embedder was unavailable: the record is marked for a vector backfill.</summary>
    public bool VectorPending { get; set; }

    /// <summary>Index ids of the member and attachment documents made from this file (<see cref="DocumentRecord.ChildIds"/>).</summary>
    public IReadOnlyList<DocumentId> ChildIds { get; set; } = [];

    /// <summary>
    /// Set by the members stage when the index was down and the limit left for this version's members cut its reading:
    /// the record's <see cref="DocumentRecord.FailureReason"/> says so, and the drainer has the file read again once the
    /// index answers (<see cref="Stages.ChildDocumentsStage.MembersAfterIndexCode"/>).
    /// </summary>
    public string? MembersLeftOut { get; set; }

    public IReadOnlyList<StageOutcome> Stages => _stages;

    /// <summary>The detected kind; before detection (or when it failed) the kind the file name suggests.</summary>
    public FileKind Kind => Type?.Kind ?? FileKinds.FromExtension(Path.GetExtension(Event.FileName));

    public void Record(string stage, StageStatus status, TimeSpan duration, string? detail = null) =>
        _stages.Add(new StageOutcome(stage, status, duration, detail));

    /// <summary>Runs a stage, recording its duration and outcome; exceptions are recorded as Failed and rethrown.</summary>
    public async Task RunAsync(string stage, Func<CancellationToken, Task<StageResult>> action, CancellationToken cancellationToken)
    {
        var start = TimeProvider.GetTimestamp();
        using var activity = WorkerTelemetry.StartStage(stage);
        try
        {
            var result = await action(cancellationToken).ConfigureAwait(false);
            Record(stage, result.Status, TimeProvider.GetElapsedTime(start), result.Detail);
            activity?.SetTag("filesearch.stage.status", result.Status.ToString());
        }
        catch (Exception ex)
        {
            Record(stage, StageStatus.Failed, TimeProvider.GetElapsedTime(start), ex.Message);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

}
