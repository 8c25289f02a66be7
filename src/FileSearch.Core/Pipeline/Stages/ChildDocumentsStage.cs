using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline.Internals;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Pipeline.Stages;

/// <summary>
/// Makes a document of each file held inside a container (archive members, mail attachments), after the container itself
/// is indexed. A member gets its own id (<see cref="DocumentId.ForMember"/> of the file's id and its path inside it), its
/// own detected type, text (the extract stage, OCR included), thumbnail (the thumbnail stage) and image vector (the
/// embedding stage), the name <c>2019_見積.zip › 見積/見積書.xlsx</c>, and the container's path, permissions and version;
/// it is indexed (<see cref="IndexDocument.ParentId"/> links it to the file) and gets a metadata record of its own
/// (<see cref="DocumentRecord.ParentId"/>, <see cref="DocumentRecord.MemberPath"/>), so it can be shown, rebuilt into an
/// index and served like a file. While the index is unavailable the members are recorded PENDING_INDEX for the drainer.
/// Containers inside containers are read down to <see cref="PipelineOptions.MaxContainerDepth"/>, within one
/// <see cref="ContainerBudget"/>. A member that cannot be read is indexed by name with its reason noted, never failing the
/// file; a dependency failure propagates so the message is retried. Each member is listed on the file's PROCESSING record
/// before its thumbnails are stored and its index entry and record written (in batches, <see cref="PipelineOptions.MemberWriteBatch"/>), so an attempt
/// that fails or dies part way leaves no member its file does not list. Members listed before (the previous version's, or an
/// earlier attempt's) that this reading lacks are removed (index entry, thumbnails, record), so processing a version twice
/// leaves one set of children. The ids end in <see cref="ProcessingContext.ChildIds"/> for the file's record.
/// </summary>
public sealed class ChildDocumentsStage(
    IEnumerable<IContainerReader> readers,
    IFileTypeDetector detector,
    ExtractTextStage extract,
    ThumbnailStage thumbnails,
    EmbeddingStage embedding,
    ISearchIndex index,
    IMetadataStore metadata,
    DocumentLifecycle lifecycle,
    IErrorClassifier classifier,
    IOptions<PipelineOptions> options,
    ILogger<ChildDocumentsStage> logger,
    WorkerSlots? slots = null) : IPipelineStage
{
    /// <summary>Joins the levels of a member's chain, as search hits show it.</summary>
    public const string ChainSeparator = " › ";

    /// <summary>
    /// Begins the <see cref="DocumentRecord.FailureReason"/> of a PENDING_INDEX file whose members were cut by the limit
    /// left beside the previous version's (the index was down): the drainer has it read again once the index answers.
    /// </summary>
    public const string MembersAfterIndexCode = "members-after-index";

    private readonly IContainerReader[] _readers = [.. readers];

    public string Name => "members";

    public bool ParsesContentOf(ProcessingContext context) => ReaderFor(context?.Kind ?? FileKind.Unknown) is not null;

    public async Task<StageResult> ExecuteAsync(ProcessingContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var previous = context.Previous?.ChildIds ?? [];
        var reader = ReaderFor(context.Kind);
        if (reader is null)
        {
            if (context.IndexPending)
            {
                // Removing them needs the index; they stay listed, so the next version or a deletion removes them.
                context.ChildIds = previous;
                return StageResult.Skipped($"{context.Kind.ShortName()} holds no members; the previous ones are removed once the index answers");
            }

            // A version that is no container any more leaves no members behind.
            await lifecycle.RemoveChildrenAsync(previous, context.Event.Version, cancellationToken).ConfigureAwait(false);
            return StageResult.Skipped($"{context.Kind.ShortName()} holds no members");
        }

        var path = context.LocalPath ?? throw new InvalidOperationException("download must run before members");
        if (slots is not null)
        {
            // Reading members is CPU work: the slot given back during the container's commit is taken again first.
            await slots.ReclaimAsync(cancellationToken).ConfigureAwait(false);
        }

        var value = options.Value;
        // While the index is down the previous members stay listed beside the new ones (they can only be removed from the
        // index), so the new ones get what is left of Pipeline:MaxChildDocuments: the file's list never outgrows the limit
        // (on DynamoDB, one item), and every member record written is listed by its file.
        var maxMembers = context.IndexPending ? Math.Max(0, value.MaxChildDocuments - previous.Count) : value.MaxChildDocuments;
        var run = new Run(context, new ContainerBudget(maxMembers, value.MaxChildBytes), new MemberWriter(context, index, metadata, lifecycle, thumbnails, value));
        await ReadContainerAsync(run, reader, path, context.Kind, prefix: string.Empty, depth: 1, cancellationToken).ConfigureAwait(false);
        await run.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        var current = run.Ids.ToHashSet();
        var gone = previous.Where(id => !current.Contains(id) && !run.Writer.Pruned.Contains(id)).ToList();
        if (context.IndexPending)
        {
            // The members wait as PENDING_INDEX; the ones this version lacks stay listed until the index can drop them.
            context.ChildIds = [.. run.Ids, .. gone];
            if (maxMembers < value.MaxChildDocuments && run.Skipped.Exists(s => s.Code == "too-many-members"))
            {
                context.MembersLeftOut = $"{MembersAfterIndexCode}: {run.Ids.Count} member(s) read while the index was down; "
                    + "the file is read again once it answers";
            }
        }
        else
        {
            await index.CommitAsync(cancellationToken).ConfigureAwait(false);
            await lifecycle.RemoveChildrenAsync(gone, context.Event.Version, cancellationToken).ConfigureAwait(false);
            context.ChildIds = run.Ids;
            // The ones removed are no longer the file's: a failure recorded after this lists only the current members.
            if (context.Previous is { } before)
            {
                context.Previous = before with { ChildIds = [.. previous.Where(current.Contains)] };
            }
        }

        var detail = $"{run.Ids.Count} member(s) {(context.IndexPending ? "recorded for the index" : "indexed")}"
            + (run.Encoding is { } e ? $", names {e}" : string.Empty)
            + (maxMembers < value.MaxChildDocuments
                ? $", at most {maxMembers} new while the previous {previous.Count} stay listed for the index (Pipeline:MaxChildDocuments {value.MaxChildDocuments})"
                : string.Empty);
        if (run.Skipped.Count == 0)
        {
            return StageResult.Ok(detail);
        }

        var shown = string.Join("; ", run.Skipped.Take(5).Select(s => $"{s.Code}: {s.Path}"));
        return StageResult.Degraded($"{detail}; {run.Skipped.Count} left out or unread ({shown}{(run.Skipped.Count > 5 ? "; ..." : string.Empty)})");
    }

    private IContainerReader? ReaderFor(FileKind kind) => Array.Find(_readers, r => r.CanRead(kind));

    private async Task ReadContainerAsync(
        Run run, IContainerReader reader, string path, FileKind kind, string prefix, int depth, CancellationToken cancellationToken)
    {
        var work = Path.Combine(run.Context.WorkDirectory, "members", depth.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(work);
        var summary = await reader.ReadAsync(path, kind, work, run.Budget,
            (file, ct) => MemberAsync(run, file, prefix, depth, ct), cancellationToken).ConfigureAwait(false);
        run.Encoding ??= summary.NameEncoding;
        foreach (var skipped in summary.Skipped)
        {
            run.Skip(logger, prefix + skipped.Path, skipped.Code, skipped.Reason);
        }
    }

    private async Task MemberAsync(Run run, ContainedFile file, string prefix, int depth, CancellationToken cancellationToken)
    {
        var parent = run.Context;
        var evt = parent.Event;
        var memberPath = prefix + file.Path;
        var fileName = file.Path[(file.Path.LastIndexOf('/') + 1)..];
        var id = DocumentId.ForMember(evt.DocumentId, memberPath);
        var type = await detector.DetectAsync(file.LocalPath, fileName, cancellationToken).ConfigureAwait(false);
        var child = new ProcessingContext(evt, parent.WorkDirectory, parent.TimeProvider)
        {
            Member = new MemberIdentity(id, evt.DocumentId, memberPath, evt.FileName + ChainSeparator + memberPath),
            LocalPath = file.LocalPath,
            Type = type,
            Object = new ObjectInfo(evt.Key, file.Size, file.Modified ?? parent.Object?.LastModified ?? evt.EventTime ?? parent.StartedAt),
            ContentSha256 = await DownloadStage.HashAsync(file.LocalPath, cancellationToken).ConfigureAwait(false),
            Permissions = parent.Permissions,
            Previous = await metadata.GetAsync(id, cancellationToken).ConfigureAwait(false),
        };

        // What a file of this type gets at the top level: text (OCR for pictures and scans), thumbnail, image vector.
        string? unread = null;
        try
        {
            await extract.ExecuteAsync(child, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && classifier.Classify(ex) is { Kind: FailureKind.Permanent } failure)
        {
            run.Skip(logger, memberPath, failure.Code, failure.Reason);
            unread = $"{failure.Code}: {failure.Reason}";
        }

        // Rendered now, stored once the file lists the member (with the members gathered alongside).
        var rendered = await thumbnails.RenderAsync(child, cancellationToken).ConfigureAwait(false);
        await embedding.ExecuteAsync(child, cancellationToken).ConfigureAwait(false);
        child.IndexPending = parent.IndexPending;
        var document = child.IndexPending ? null : IndexStage.BuildDocument(child, options.Value.MaxStoredTextChars);
        var record = lifecycle.BuildRecord(child, child.IndexPending ? DocumentStatus.PendingIndex : DocumentStatus.Indexed);
        record = record with { FailureReason = unread ?? record.FailureReason };
        // Written once the file's record lists it (with the members gathered alongside).
        await run.Writer.AddAsync(child, document, record, rendered, cancellationToken).ConfigureAwait(false);

        if (ReaderFor(type.Kind) is not { } nested)
        {
            return;
        }

        if (depth >= options.Value.MaxContainerDepth)
        {
            run.Skip(logger, memberPath, "too-deep",
                $"a container nested {depth + 1} levels deep, past Pipeline:MaxContainerDepth ({options.Value.MaxContainerDepth}); indexed by name only");
            return;
        }

        try
        {
            await ReadContainerAsync(run, nested, file.LocalPath, type.Kind, memberPath + ChainSeparator, depth + 1, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && classifier.Classify(ex) is { Kind: FailureKind.Permanent } failure)
        {
            // A damaged archive inside a readable one: the outer members stay indexed.
            run.Skip(logger, memberPath, failure.Code, failure.Reason);
        }
    }

    /// <summary>What one file's reading has found so far.</summary>
    private sealed class Run(ProcessingContext context, ContainerBudget budget, MemberWriter writer)
    {
        public ProcessingContext Context { get; } = context;

        public ContainerBudget Budget { get; } = budget;

        public MemberWriter Writer { get; } = writer;

        /// <summary>The members written (listed by the file first), in the order read.</summary>
        public List<DocumentId> Ids => Writer.Written;

        public List<SkippedMember> Skipped { get; } = [];

        public string? Encoding { get; set; }

        public void Skip(ILogger logger, string path, string code, string reason)
        {
            Skipped.Add(new SkippedMember(path, code, reason));
            Log.MemberLeftOut(logger, Context.Event.Bucket, Context.Event.Key, path, code, reason);
        }
    }
}
