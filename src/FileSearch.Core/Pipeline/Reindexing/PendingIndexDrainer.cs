using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Pipeline.Reindexing;

/// <summary>
/// Worker-mode background service: every <see cref="ReindexOptions.DrainInterval"/> it looks for PENDING_INDEX
/// documents and indexes them; while the index is still down it logs and tries again at the next interval. A file whose
/// members the outage cut (<see cref="ChildDocumentsStage.MembersAfterIndexCode"/>) is then processed again with the
/// <paramref name="processor"/>, so all its members are read.
/// </summary>
public sealed class PendingIndexDrainer(
    IMetadataStore metadata,
    IndexRebuilder rebuilder,
    IErrorClassifier classifier,
    IOptions<ReindexOptions> options,
    TimeProvider timeProvider,
    ILogger<PendingIndexDrainer> logger,
    DocumentProcessor? processor = null) : BackgroundService
{
    /// <summary>Checks once; returns the number of documents indexed. Index failures are logged, not thrown.</summary>
    public async Task<long> DrainOnceAsync(CancellationToken cancellationToken)
    {
        long pending = 0;
        try
        {
            var counts = await metadata.CountByStatusAsync(cancellationToken).ConfigureAwait(false);
            pending = counts.GetValueOrDefault(DocumentStatus.PendingIndex);
            if (pending == 0)
            {
                return 0;
            }

            Log.DrainStarting(logger, pending);
            var indexed = (await rebuilder.DrainPendingAsync(cancellationToken).ConfigureAwait(false)).Indexed;
            await ReadCutFilesAgainAsync(cancellationToken).ConfigureAwait(false);
            return indexed;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Nothing is lost: the records stay PENDING_INDEX and the next round tries again.
            Log.DrainFailed(logger, pending, classifier.Classify(ex).Reason);
            return 0;
        }
    }

    /// <summary>Processes the files whose members were cut while the index was down again, now that it answers.</summary>
    private async Task ReadCutFilesAgainAsync(CancellationToken cancellationToken)
    {
        if (processor is null)
        {
            return;
        }

        var cut = await metadata.ListByStatusAsync(DocumentStatus.PendingIndex, cancellationToken)
            .Where(IndexRebuilder.IsCut).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var file in cut)
        {
            var again = new FileEvent(FileEventKind.Created, file.Bucket, file.Key, file.Size, file.EventTime, file.Sequencer, file.ETag,
                file.VersionId, file.OriginalPath, file.MimeType, file.Permissions);
            var result = await processor.ProcessAsync(again, cancellationToken).ConfigureAwait(false);
            Log.MembersReread(logger, file.Bucket, file.Key, result.Failure?.Code ?? result.Outcome.ToString());
            if (result is { Outcome: ProcessingOutcome.Failed, Failure.Kind: not FailureKind.Permanent }
                && await metadata.GetAsync(file.Id, cancellationToken).ConfigureAwait(false) is { Status: DocumentStatus.Processing } left
                && left.Version.CompareTo(file.Version) == 0)
            {
                // No message carries this attempt to a retry: the file waits as before (with the members the attempt listed)
                // for the next round.
                await metadata.PutAsync(left with { Status = DocumentStatus.PendingIndex, FailureReason = file.FailureReason, ActiveStage = null },
                    cancellationToken).ConfigureAwait(false);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await DrainOnceAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(options.Value.DrainInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }
}
