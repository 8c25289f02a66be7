using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Security;
using FileSearch.Testing;

namespace FileSearch.Core.Tests.Pipeline;

/// <summary>
/// Steps of one file that do not depend on each other run side by side: the stored permissions (a HEAD request on S3)
/// are read while the previous record is, and the file is fetched and its type detected while the PROCESSING record
/// is written. Nothing that parses or writes runs before that record is settled, and a failure is recorded after it.
/// Each test holds one step back until the other has started: run one after the other, they would wait forever.
/// </summary>
[Trait("Category", "Unit")]
public sealed class OverlappedStepsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly PipelineHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task ProcessAsync_ClaimBeingWritten_FileFetchedMeanwhile()
    {
        _h.PutText("メモ/議事録.txt", "定例会議の議事録");
        var fileEvent = _h.Created("メモ/議事録.txt");
        var fetched = _h.Objects.InfoRequests;
        _h.Metadata.BeforePut = record => record.Status == DocumentStatus.Processing
            ? WaitUntilAsync(() => _h.Objects.InfoRequests > fetched)
            : Task.CompletedTask;

        var result = await _h.CreateProcessor().ProcessAsync(fileEvent, CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Indexed, result.Outcome);
        Assert.Equal(DocumentStatus.Indexed, (await _h.Metadata.GetAsync(fileEvent.DocumentId, CancellationToken.None))!.Status);
        Assert.Equal(1, _h.Extractor.Calls);
    }

    [Fact]
    public async Task ProcessAsync_FetchFailsWhileClaimBeingWritten_FailureRecordedAfterTheClaim()
    {
        var fileEvent = _h.Created("消えた/見積書.txt");
        var fetched = _h.Objects.InfoRequests;
        var claimed = false;
        _h.Metadata.BeforePut = async record =>
        {
            if (record.Status == DocumentStatus.Processing)
            {
                // The claim lands well after the download has found nothing.
                await WaitUntilAsync(() => _h.Objects.InfoRequests > fetched);
                await Task.Delay(200);
                Volatile.Write(ref claimed, true);
            }
        };

        var result = await _h.CreateProcessor().ProcessAsync(fileEvent, CancellationToken.None);

        Assert.True(Volatile.Read(ref claimed), "the attempt ended before its claim was settled");
        Assert.Equal(("object-not-found", FailureKind.Permanent), (result.Failure!.Code, result.Failure.Kind));
        Assert.Equal(DocumentStatus.Failed, (await _h.Metadata.GetAsync(fileEvent.DocumentId, CancellationToken.None))!.Status);
        Assert.Equal(0, _h.Extractor.Calls);
    }

    [Fact]
    public async Task ProcessAsync_ClaimStaleAfterTheFetch_NothingParsedOrIndexed()
    {
        _h.PutText("a.txt", "古い版");
        var older = _h.Created("a.txt", sequencer: "0001");
        var newer = _h.Created("a.txt", sequencer: "0002");
        _h.Metadata.BeforePut = async record =>
        {
            if (record.Status == DocumentStatus.Processing && record.Sequencer == "0001")
            {
                // Another instance stores the newer version between this attempt's read and its claim.
                _h.Metadata.BeforePut = null;
                await _h.Metadata.PutAsync(record with { Sequencer = "0002", Status = DocumentStatus.Indexed }, CancellationToken.None);
            }
        };

        var result = await _h.CreateProcessor().ProcessAsync(older, CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Stale, result.Outcome);
        Assert.Equal(0, _h.Extractor.Calls);
        Assert.Empty(_h.Index.Committed);
        Assert.Equal(newer.Version, (await _h.Metadata.GetAsync(older.DocumentId, CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task ProcessAsync_PermissionsStoredWithTheObject_ReadBesideThePreviousRecord()
    {
        _h.PutText("a.txt", "見積書 2025");
        var sales = DocumentPermissions.Allowing(PermissionSource.Mode, "group:sales");
        _h.Objects.SetMetadata(PipelineHarness.Bucket, "a.txt", new Dictionary<string, string> { [ObjectPermissions.MetadataKey] = ObjectPermissions.Encode(sales) });
        var fileEvent = _h.CreatedWithAcl("a.txt", null);
        _h.Objects.BeforeInfo = () => WaitUntilAsync(() => _h.Metadata.Reads > 0);

        var result = await _h.CreateProcessor(permissionsFromObjects: true).ProcessAsync(fileEvent, CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Indexed, result.Outcome);
        Assert.Equal(sales, Assert.Single(_h.Index.Committed).Permissions);
    }

    private static Task WaitUntilAsync(Func<bool> condition) => Polling.UntilAsync(condition, Patience);
}
