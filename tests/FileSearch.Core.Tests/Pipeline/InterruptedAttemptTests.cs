using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;

namespace FileSearch.Core.Tests.Pipeline;

/// <summary>
/// A worker that dies inside a parser leaves the record PROCESSING with the stage it was in; the next attempts count the
/// deaths and, at the limit, fail the file with <c>worker-crashed</c> naming the stage instead of dying again. The death is
/// reproduced with the real code path: the record as the extract stage left it is captured, the attempt is then ended,
/// and the captured record put back, as a process killed at that moment would have left it.
/// </summary>
[Trait("Category", "Resilience")]
public sealed class InterruptedAttemptTests : IDisposable
{
    private const string Key = "スキャン/破損した図面.txt";
    private readonly PipelineHarness _h = new();

    private static CancellationToken Ct => CancellationToken.None;

    public void Dispose() => _h.Dispose();

    private DocumentId Id => DocumentId.From(PipelineHarness.Bucket, Key);

    /// <summary>Runs one attempt that "dies" in the extract stage and returns the record it left behind.</summary>
    private async Task<DocumentRecord> DieInExtractAsync(FileEvent fileEvent)
    {
        DocumentRecord? inStage = null;
        _h.Extractor.Gate = async ct =>
        {
            inStage = await _h.Metadata.GetAsync(Id, ct);
            throw new IOException("the attempt ends here");
        };
        await _h.CreateProcessor().ProcessAsync(fileEvent, Ct);
        Assert.NotNull(inStage);
        await _h.Metadata.PutAsync(inStage, Ct);
        _h.Extractor.Gate = null;
        return inStage;
    }

    [Fact]
    public async Task ProcessAsync_PreviousAttemptDiedInExtract_CountsItAndIndexes()
    {
        _h.PutText(Key, "図面 改訂");
        var fileEvent = _h.Created(Key);
        var died = await DieInExtractAsync(fileEvent);
        DocumentRecord? during = null;
        _h.Extractor.Gate = async ct => during = await _h.Metadata.GetAsync(Id, ct);

        var result = await _h.CreateProcessor().ProcessAsync(fileEvent, Ct);

        Assert.Equal((DocumentStatus.Processing, "extract", 0), (died.Status, died.ActiveStage, died.Interruptions));
        Assert.Equal(ProcessingOutcome.Indexed, result.Outcome);
        Assert.Equal(("extract", 1), (during!.ActiveStage, during.Interruptions));
        var indexed = await _h.Metadata.GetAsync(Id, Ct);
        Assert.Equal((DocumentStatus.Indexed, null, 0), (indexed!.Status, indexed.ActiveStage, indexed.Interruptions));
        // The stage marker is a narrow write, not a rewrite of the record with the previous text.
        Assert.True(_h.Metadata.ActiveStageWrites >= 2, $"{_h.Metadata.ActiveStageWrites} stage writes");
    }

    [Fact]
    public async Task ProcessAsync_DiedAsOftenAsTheLimit_FailsPermanentlyNamingTheStageWithoutParsing()
    {
        _h.PutText(Key, "図面 改訂");
        var fileEvent = _h.Created(Key);
        var died = await DieInExtractAsync(fileEvent);
        await _h.Metadata.PutAsync(died with { Interruptions = new PipelineOptions().MaxInterruptions - 1 }, Ct);
        var calls = _h.Extractor.Calls;

        var result = await _h.CreateProcessor().ProcessAsync(fileEvent, Ct);

        Assert.Equal(ProcessingOutcome.Failed, result.Outcome);
        Assert.Equal((FailureKind.Permanent, "worker-crashed"), (result.Failure!.Kind, result.Failure.Code));
        Assert.Contains("3 times", result.Failure.Reason, StringComparison.Ordinal);
        Assert.Contains("'extract'", result.Failure.Reason, StringComparison.Ordinal);
        var failed = await _h.Metadata.GetAsync(Id, Ct);
        Assert.Equal(DocumentStatus.Failed, failed!.Status);
        Assert.StartsWith("worker-crashed:", failed.FailureReason, StringComparison.Ordinal);
        Assert.Contains("'extract'", failed.FailureReason, StringComparison.Ordinal);
        Assert.Equal(calls, _h.Extractor.Calls);
    }

    [Fact]
    public async Task ProcessAsync_ExtractFailsRetryably_StageClearedSoTheRetryIsNotCountedAsADeath()
    {
        _h.PutText(Key, "図面 改訂");
        var fileEvent = _h.Created(Key);
        _h.Extractor.Gate = _ => throw new IOException("the OCR engine's temp disk is busy");

        var failed = await _h.CreateProcessor().ProcessAsync(fileEvent, Ct);
        var afterFailure = await _h.Metadata.GetAsync(Id, Ct);
        DocumentRecord? during = null;
        _h.Extractor.Gate = async ct => during = await _h.Metadata.GetAsync(Id, ct);
        var retried = await _h.CreateProcessor().ProcessAsync(fileEvent, Ct);

        Assert.Equal(FailureKind.Retryable, failed.Failure!.Kind);
        Assert.Equal((DocumentStatus.Processing, null, 0), (afterFailure!.Status, afterFailure.ActiveStage, afterFailure.Interruptions));
        Assert.Equal(ProcessingOutcome.Indexed, retried.Outcome);
        Assert.Equal(0, during!.Interruptions);
    }

    [Fact]
    public async Task ProcessAsync_CancelledInExtract_StageClearedSoShutdownIsNotADeath()
    {
        _h.PutText(Key, "図面 改訂");
        var fileEvent = _h.Created(Key);
        using var shutdown = new CancellationTokenSource();
        _h.Extractor.Gate = async ct =>
        {
            await shutdown.CancelAsync();
            ct.ThrowIfCancellationRequested();
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _h.CreateProcessor().ProcessAsync(fileEvent, shutdown.Token));

        var record = await _h.Metadata.GetAsync(Id, Ct);
        Assert.Equal((DocumentStatus.Processing, null), (record!.Status, record.ActiveStage));
    }
}
