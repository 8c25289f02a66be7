using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline.Internals;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Pipeline;

/// <summary>
/// Processes one file event through the stages. Idempotent: the document id comes from bucket and key,
/// an event older than the stored version is acknowledged without effect, and the same version already
/// indexed is not processed again. Never throws for a file problem: the result carries the classified failure.
/// Only cancellation of the caller's token escapes, so the caller can release the message.
/// Events about the same document are processed one at a time in this process: without that, two versions
/// processed side by side could finish their index writes in the wrong order and leave the older text indexed
/// while the metadata says newer. A created event whose content is the stored one (same ETag) but whose permissions
/// differ takes the permission-only path (<see cref="PermissionUpdater"/>): no stage runs, nothing is extracted again.
/// </summary>
public sealed class DocumentProcessor(
    IReadOnlyList<IPipelineStage> stages,
    IMetadataStore metadata,
    DocumentLifecycle lifecycle,
    TempWorkspace workspace,
    IErrorClassifier classifier,
    TimeProvider timeProvider,
    ILogger<DocumentProcessor> logger,
    PermissionResolver? permissionResolver = null,
    PermissionUpdater? permissionUpdater = null,
    IObjectStore? objects = null,
    IOptions<PipelineOptions>? options = null)
{
    /// <summary>How long clearing the active stage after a failed or cancelled attempt may take.</summary>
    private static readonly TimeSpan ClearTimeout = TimeSpan.FromSeconds(10);

    private readonly KeyedAsyncLock<DocumentId> _documentLocks = new();

    public async Task<ProcessingResult> ProcessAsync(FileEvent fileEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fileEvent);
        using var held = await _documentLocks.AcquireAsync(fileEvent.DocumentId, cancellationToken).ConfigureAwait(false);
        var start = timeProvider.GetTimestamp();
        var folder = workspace.CreateFolder();
        var context = new ProcessingContext(fileEvent, folder, timeProvider)
        {
            Permissions = (permissionResolver ?? PermissionResolver.None).Resolve(fileEvent.OriginalPath ?? fileEvent.Key, fileEvent.Acl),
        };
        try
        {
            var outcome = fileEvent.Kind == FileEventKind.Deleted
                ? await DeleteAsync(context, cancellationToken).ConfigureAwait(false)
                : await CreateAsync(context, cancellationToken).ConfigureAwait(false);
            var result = Result(context, outcome, start);
            Log.FileProcessed(logger, outcome.ToString(), fileEvent.Bucket, fileEvent.Key, context.Kind.ShortName(), (long)result.Duration.TotalMilliseconds);
            return result;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var failure = classifier.Classify(ex);
            Log.FileFailed(logger, fileEvent.Bucket, fileEvent.Key, failure.Kind.ToString(), failure.Code, failure.Reason);
            if (failure.Kind == FailureKind.Permanent)
            {
                await lifecycle.RecordFailureAsync(context, failure, cancellationToken).ConfigureAwait(false);
            }

            return Result(context, ProcessingOutcome.Failed, start) with { Failure = failure };
        }
        finally
        {
            // A hash still reading the download when the attempt ended early finishes before its folder goes.
            if (context.ContentHashing is { } hashing)
            {
                await SettledAsync(hashing).ConfigureAwait(false);
            }

            TempWorkspace.DeleteFolder(folder);
        }
    }

    private async Task<ProcessingOutcome> CreateAsync(ProcessingContext context, CancellationToken cancellationToken)
    {
        var evt = context.Event;
        var permissions = Task.CompletedTask;
        if (evt.Acl is null && objects is { KeepsMetadata: true })
        {
            // An event without an acl (S3 notifications never carry one): the permissions `upload` stored with the object,
            // read while the previous record is.
            permissions = context.RunAsync("permissions", async ct =>
            {
                var stored = await StoredPermissionsAsync(context, ct).ConfigureAwait(false);
                if (stored is null)
                {
                    return StageResult.Skipped("no permissions stored with the object");
                }

                context.Permissions = (permissionResolver ?? PermissionResolver.None).Resolve(evt.OriginalPath ?? evt.Key, stored);
                return StageResult.Ok();
            }, cancellationToken);
        }

        var read = metadata.GetAsync(evt.DocumentId, cancellationToken);
        await Task.WhenAll(permissions, read).ConfigureAwait(false);
        var previous = await read.ConfigureAwait(false);
        context.Previous = previous;
        if (previous is not null && (evt.Version.IsOlderThan(previous.Version)
            || (previous.Status == DocumentStatus.Deleted && evt.Version.CompareTo(previous.Version) == 0)))
        {
            Log.FileSkipped(logger, evt.Bucket, evt.Key, "stale", previous.Version.ToString(), evt.Version.ToString());
            return ProcessingOutcome.Stale;
        }

        if (previous is { Status: DocumentStatus.Indexed } && evt.Version.CompareTo(previous.Version) == 0
            && (evt.ETag is null || previous.ETag is null || evt.ETag == previous.ETag))
        {
            return ProcessingOutcome.Unchanged;
        }

        // Same content, other permissions (chmod, setfacl, a folder's traverse bit): no extraction, the stored text is reindexed.
        if (permissionUpdater is not null && PermissionUpdater.Applies(context, previous))
        {
            return await permissionUpdater.UpdateAsync(context, previous!, cancellationToken).ConfigureAwait(false);
        }

        var processing = lifecycle.BuildRecord(context, DocumentStatus.Processing) with
        {
            Text = previous?.Text,
            // The members stay listed until this version replaces them: an attempt that dies or fails leaves them findable.
            ChildIds = previous?.ChildIds ?? [],
            Interruptions = InterruptionsSoFar(evt, previous),
        };
        // The claim is written while the stages that only fetch and look at the file run; it is settled before any other.
        Task<WriteOutcome>? claim = metadata.PutAsync(processing, cancellationToken);
        Task<string?>? signing = null;
        try
        {
            foreach (var stage in stages)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (claim is not null && (!stage.FetchesOnly || stage.ParsesContentOf(context)))
                {
                    var claimed = await claim.ConfigureAwait(false);
                    claim = null;
                    if (claimed == WriteOutcome.Stale)
                    {
                        return ProcessingOutcome.Stale;
                    }
                }

                if (stage.ParsesContentOf(context))
                {
                    // Recorded before the parsers run: if the process dies in them, the next attempt knows where. Only the
                    // stage is written: the PROCESSING record carries the previous version's text, which must not be
                    // rewritten (on DynamoDB, uploaded to S3 again) before every stage.
                    processing = processing with { ActiveStage = stage.Name };
                    await metadata.SetActiveStageAsync(processing.Id, processing.Version, stage.Name, cancellationToken).ConfigureAwait(false);
                }

                await context.RunAsync(stage.Name, ct => stage.ExecuteAsync(context, ct), cancellationToken).ConfigureAwait(false);
                if (signing is null && context.Extraction is not null)
                {
                    // The text is final once extracted: its near-duplicate signature is computed beside the later stages.
                    signing = Task.Run(() => lifecycle.TextSignatureOf(context), CancellationToken.None);
                }
            }

            if (claim is not null && await claim.ConfigureAwait(false) == WriteOutcome.Stale)
            {
                return ProcessingOutcome.Stale;
            }
        }
        catch (Exception) when (claim is not null)
        {
            // A fetch failed while the claim was being written: what the caller records of the failure must come after it.
            await SettledAsync(claim).ConfigureAwait(false);
            throw;
        }
        catch (Exception) when (processing.ActiveStage is not null)
        {
            // The attempt ends alive (a failure, or cancellation at shutdown): that is not a death in the stage.
            await ClearActiveStageAsync(processing).ConfigureAwait(false);
            throw;
        }

        if (context.ContentHashing is { } hashing)
        {
            context.ContentSha256 = await hashing.ConfigureAwait(false);
        }

        // The stages are done with the local files: they are removed while the record is written (the caller's cleanup then
        // finds nothing left).
        var removed = Task.Run(() => TempWorkspace.DeleteFolder(context.WorkDirectory), CancellationToken.None);
        context.TextSignature = signing is null ? null : await signing.ConfigureAwait(false);
        var indexed = lifecycle.BuildRecord(context, context.IndexPending ? DocumentStatus.PendingIndex : DocumentStatus.Indexed);
        var written = WriteOutcome.Stale;
        try
        {
            await context.RunAsync("metadata", async ct =>
            {
                written = await metadata.PutAsync(indexed, ct).ConfigureAwait(false);
                if (written == WriteOutcome.Written)
                {
                    return StageResult.Ok();
                }

                // Another instance stored a newer version while this one worked: the index must end as that version says.
                var winner = await lifecycle.FollowWinnerAsync(evt, context.ChildIds, ct).ConfigureAwait(false);
                return StageResult.Skipped($"a newer version was stored meanwhile ({winner?.Status.ToString() ?? "purged"}); the index follows it");
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await removed.ConfigureAwait(false);
        }

        return written == WriteOutcome.Stale ? ProcessingOutcome.Stale
            : context.IndexPending ? ProcessingOutcome.PendingIndex : ProcessingOutcome.Indexed;
    }

    /// <summary>
    /// How many attempts at this version died in a stage, counting the previous one when it left its stage recorded; at
    /// <see cref="PipelineOptions.MaxInterruptions"/> the file fails permanently instead of taking the worker down again.
    /// </summary>
    private int InterruptionsSoFar(FileEvent evt, DocumentRecord? previous)
    {
        if (previous is not { Status: DocumentStatus.Processing } || evt.Version.CompareTo(previous.Version) != 0)
        {
            return 0;
        }

        if (previous.ActiveStage is not { } stage)
        {
            return previous.Interruptions;
        }

        var died = previous.Interruptions + 1;
        Log.AttemptDied(logger, evt.Bucket, evt.Key, stage, died);
        var limit = options?.Value.MaxInterruptions ?? new PipelineOptions().MaxInterruptions;
        if (died >= limit)
        {
            throw ProcessingException.Permanent("worker-crashed",
                $"The worker process died {died} times while this file was in stage '{stage}' (a parser's native crash, stack "
                + "overflow or out-of-memory, or a kill); not tried again");
        }

        return died;
    }

    /// <summary>Waits for <paramref name="task"/> to end however it ends; its failure, if any, is observed and dropped (the caller's own is the one to report).</summary>
    private static async Task SettledAsync(Task task)
    {
        await Task.WhenAny(task).ConfigureAwait(false);
        _ = task.Exception;
    }

    private async Task ClearActiveStageAsync(DocumentRecord record)
    {
        using var timeout = new CancellationTokenSource(ClearTimeout, timeProvider);
        try
        {
            await metadata.SetActiveStageAsync(record.Id, record.Version, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.ActiveStageNotCleared(logger, record.Bucket, record.Key, classifier.Classify(ex).Reason);
        }
    }

    private async Task<DocumentPermissions?> StoredPermissionsAsync(ProcessingContext context, CancellationToken cancellationToken)
    {
        var info = context.Head = await objects!.GetInfoAsync(context.Event.Bucket, context.Event.Key, cancellationToken).ConfigureAwait(false);
        try
        {
            return ObjectPermissions.Decode(info?.Metadata);
        }
        catch (FormatException ex)
        {
            throw ProcessingException.Permanent("invalid-acl", $"The object's {ObjectPermissions.MetadataKey} metadata is malformed: {ex.Message}", ex);
        }
    }

    private async Task<ProcessingOutcome> DeleteAsync(ProcessingContext context, CancellationToken cancellationToken)
    {
        var evt = context.Event;
        var previous = await metadata.GetAsync(evt.DocumentId, cancellationToken).ConfigureAwait(false);
        if (previous is not null && evt.Version.IsOlderThan(previous.Version))
        {
            Log.FileSkipped(logger, evt.Bucket, evt.Key, "stale", previous.Version.ToString(), evt.Version.ToString());
            return ProcessingOutcome.Stale;
        }

        // The tombstone first: an instance indexing an older version meanwhile then loses its final metadata write and
        // removes what it indexed (FollowWinnerAsync), whichever of the two index writes lands last. It keeps the
        // thumbnail keys until they are deleted, so a retry after a failure below still finds them.
        var thumbnails = previous?.ThumbnailKeys ?? [];
        var tombstone = (previous ?? lifecycle.BuildRecord(context, DocumentStatus.Deleted)) with
        {
            Status = DocumentStatus.Deleted,
            Sequencer = evt.Sequencer,
            EventTime = evt.EventTime,
            ETag = evt.ETag,
            VersionId = evt.VersionId,
            Text = null,
            ThumbnailKeys = thumbnails,
            FailureReason = null,
            UpdatedAt = timeProvider.GetUtcNow(),
        };
        var written = WriteOutcome.Stale;
        await context.RunAsync("metadata", async ct =>
        {
            written = await metadata.PutAsync(tombstone, ct).ConfigureAwait(false);
            return written == WriteOutcome.Written ? StageResult.Ok("tombstone") : StageResult.Skipped("a newer version was stored meanwhile");
        }, cancellationToken).ConfigureAwait(false);
        if (written == WriteOutcome.Stale)
        {
            return ProcessingOutcome.Stale;
        }

        await context.RunAsync("index", async ct =>
        {
            await lifecycle.RemoveFromIndexAsync(evt.DocumentId, evt.Version, ct).ConfigureAwait(false);
            return StageResult.Ok();
        }, cancellationToken).ConfigureAwait(false);

        if (previous is { ChildIds.Count: > 0 })
        {
            await context.RunAsync("members", async ct =>
            {
                await lifecycle.RemoveChildrenAsync(previous.ChildIds, evt.Version, ct).ConfigureAwait(false);
                return StageResult.Ok($"{previous.ChildIds.Count} removed");
            }, cancellationToken).ConfigureAwait(false);
            tombstone = tombstone with { ChildIds = [] };
            await metadata.PutAsync(tombstone, cancellationToken).ConfigureAwait(false);
        }

        if (thumbnails.Count > 0)
        {
            await context.RunAsync("thumbnail", async ct =>
                StageResult.Ok($"{await lifecycle.DeleteThumbnailsAsync(thumbnails, ct).ConfigureAwait(false)} removed"), cancellationToken).ConfigureAwait(false);
            await metadata.PutAsync(tombstone with { ThumbnailKeys = [], UpdatedAt = timeProvider.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        }

        return ProcessingOutcome.Deleted;
    }

    private ProcessingResult Result(ProcessingContext context, ProcessingOutcome outcome, long start) => new()
    {
        Event = context.Event,
        Outcome = outcome,
        Stages = context.Stages,
        Kind = context.Kind,
        Pages = context.Extraction?.PageCount ?? 0,
        Duration = timeProvider.GetElapsedTime(start),
    };
}
