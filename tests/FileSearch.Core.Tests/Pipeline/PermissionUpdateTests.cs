using FileSearch.Core.Domain;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Security;

namespace FileSearch.Core.Tests.Pipeline;

/// <summary>A permission change alone (same content, same ETag) updates metadata and index without extracting again.</summary>
[Trait("Category", "Unit")]
public sealed class PermissionUpdateTests : IDisposable
{
    private static readonly DocumentPermissions Sales = DocumentPermissions.Allowing(PermissionSource.Mode, "group:sales", "user:alice");
    private static readonly DocumentPermissions AliceOnly = DocumentPermissions.Allowing(PermissionSource.Mode, "user:alice");

    private readonly PipelineHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task ProcessAsync_SameETagNewPermissions_ReindexesStoredTextWithoutExtraction()
    {
        _h.PutText("a.txt", "見積書 2025");
        var processor = _h.CreateProcessor();
        await processor.ProcessAsync(Event("a.txt", Sales), CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromMinutes(1));

        var result = await processor.ProcessAsync(Event("a.txt", AliceOnly), CancellationToken.None);

        Assert.Equal(ProcessingOutcome.PermissionsUpdated, result.Outcome);
        Assert.Equal(1, _h.Extractor.Calls);
        Assert.Equal(["index", "metadata"], result.Stages.Select(s => s.Stage));
        var document = Assert.Single(_h.Index.Committed);
        Assert.Equal(AliceOnly, document.Permissions);
        Assert.Equal("見積書 2025", document.Text);
        var record = await _h.Metadata.GetAsync(result.Event.DocumentId, CancellationToken.None);
        Assert.Equal(AliceOnly, record!.Permissions);
        Assert.Equal(DocumentStatus.Indexed, record.Status);
        Assert.Equal(result.Event.EventTime, record.EventTime);
        Assert.Equal("見積書 2025", record.Text);
    }

    [Fact]
    public async Task ProcessAsync_EventsWithoutAclPermissionsStoredWithTheObject_IndexedThenUpdatedWithoutExtraction()
    {
        _h.PutText("a.txt", "見積書 2025");
        _h.Objects.SetMetadata(PipelineHarness.Bucket, "a.txt", new Dictionary<string, string> { [ObjectPermissions.MetadataKey] = ObjectPermissions.Encode(Sales) });
        var processor = _h.CreateProcessor(permissionsFromObjects: true);

        var first = await processor.ProcessAsync(Event("a.txt", null), CancellationToken.None);
        var indexedFirst = Assert.Single(_h.Index.Committed).Permissions;
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        _h.Objects.SetMetadata(PipelineHarness.Bucket, "a.txt", new Dictionary<string, string> { [ObjectPermissions.MetadataKey] = ObjectPermissions.Encode(AliceOnly) });
        var second = await processor.ProcessAsync(Event("a.txt", null), CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Indexed, first.Outcome);
        Assert.Equal(ProcessingOutcome.PermissionsUpdated, second.Outcome);
        Assert.Equal(["permissions", "index", "metadata"], second.Stages.Select(s => s.Stage));
        Assert.Equal(1, _h.Extractor.Calls);
        Assert.Equal(Sales, indexedFirst);
        Assert.Equal(AliceOnly, Assert.Single(_h.Index.Committed).Permissions);
        Assert.Equal(AliceOnly, (await _h.Metadata.GetAsync(second.Event.DocumentId, CancellationToken.None))!.Permissions);
    }

    [Fact]
    public async Task ProcessAsync_PermissionsStoredWithTheObject_ObjectFactsReadOnce()
    {
        _h.PutText("a.txt", "見積書 2025");
        _h.Objects.SetMetadata(PipelineHarness.Bucket, "a.txt", new Dictionary<string, string> { [ObjectPermissions.MetadataKey] = ObjectPermissions.Encode(Sales) });

        var fileEvent = Event("a.txt", null);
        var before = _h.Objects.InfoRequests;

        var result = await _h.CreateProcessor(permissionsFromObjects: true).ProcessAsync(fileEvent, CancellationToken.None);

        // The download checks the size on the facts the permissions came with: one HEAD request per file on S3, not two.
        Assert.Equal(ProcessingOutcome.Indexed, result.Outcome);
        Assert.Equal(1, _h.Objects.InfoRequests - before);
        Assert.Equal(Sales, Assert.Single(_h.Index.Committed).Permissions);
    }

    [Fact]
    public async Task ProcessAsync_StoreKeepsNoMetadata_NoPermissionsStep()
    {
        _h.PutText("a.txt", "見積書 2025");
        _h.Objects.SetMetadata(PipelineHarness.Bucket, "a.txt", new Dictionary<string, string> { [ObjectPermissions.MetadataKey] = ObjectPermissions.Encode(Sales) });
        _h.Objects.KeepsMetadata = false;
        var fileEvent = Event("a.txt", null);
        var before = _h.Objects.InfoRequests;

        var result = await _h.CreateProcessor(permissionsFromObjects: true).ProcessAsync(fileEvent, CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Indexed, result.Outcome);
        Assert.Equal("download", result.Stages[0].Stage);
        Assert.Equal(1, _h.Objects.InfoRequests - before);
        Assert.Null(Assert.Single(_h.Index.Committed).Permissions);
    }

    [Fact]
    public async Task ProcessAsync_MalformedStoredPermissions_PermanentFailureNamingTheMetadata()
    {
        _h.PutText("a.txt", "text");
        _h.Objects.SetMetadata(PipelineHarness.Bucket, "a.txt", new Dictionary<string, string> { [ObjectPermissions.MetadataKey] = "%7B%22allow%22%3A1%7D" });

        var result = await _h.CreateProcessor(permissionsFromObjects: true).ProcessAsync(Event("a.txt", null), CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Failed, result.Outcome);
        Assert.Equal(("invalid-acl", FileSearch.Core.Errors.FailureKind.Permanent), (result.Failure!.Code, result.Failure.Kind));
        Assert.Empty(_h.Index.Committed);
    }

    [Fact]
    public async Task ProcessAsync_UnquotedETagOfAnS3Notification_StillPermissionOnly()
    {
        _h.PutText("a.txt", "text");
        var processor = _h.CreateProcessor();
        await processor.ProcessAsync(Event("a.txt", Sales), CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        var evt = Event("a.txt", AliceOnly);

        var result = await processor.ProcessAsync(evt with { ETag = evt.ETag!.Trim('"') }, CancellationToken.None);

        Assert.Equal(ProcessingOutcome.PermissionsUpdated, result.Outcome);
        Assert.Equal(1, _h.Extractor.Calls);
    }

    [Fact]
    public async Task ProcessAsync_FirstEventWithAcl_StoredAndIndexed()
    {
        _h.PutText("a.txt", "text");

        var result = await _h.CreateProcessor().ProcessAsync(Event("a.txt", Sales), CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Indexed, result.Outcome);
        Assert.Equal(Sales, Assert.Single(_h.Index.Committed).Permissions);
        Assert.Equal(Sales, (await _h.Metadata.GetAsync(result.Event.DocumentId, CancellationToken.None))!.Permissions);
    }

    [Fact]
    public async Task ProcessAsync_NewETagAndNewPermissions_ExtractsAgain()
    {
        _h.PutText("a.txt", "v1");
        var processor = _h.CreateProcessor();
        await processor.ProcessAsync(Event("a.txt", Sales), CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        _h.PutText("a.txt", "v2");

        var result = await processor.ProcessAsync(Event("a.txt", AliceOnly), CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Indexed, result.Outcome);
        Assert.Equal(2, _h.Extractor.Calls);
        Assert.Equal("v2", Assert.Single(_h.Index.Committed).Text);
    }

    [Fact]
    public async Task ProcessAsync_PendingIndexRecord_OnlyMetadataUpdated()
    {
        _h.PutText("a.txt", "text");
        var processor = _h.CreateProcessor();
        var first = await processor.ProcessAsync(Event("a.txt", Sales), CancellationToken.None);
        var stored = await _h.Metadata.GetAsync(first.Event.DocumentId, CancellationToken.None);
        await _h.Metadata.PutAsync(stored! with { Status = DocumentStatus.PendingIndex }, CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromMinutes(1));

        var result = await processor.ProcessAsync(Event("a.txt", AliceOnly), CancellationToken.None);

        Assert.Equal(ProcessingOutcome.PendingIndex, result.Outcome);
        Assert.Equal(["metadata"], result.Stages.Select(s => s.Stage));
        var record = await _h.Metadata.GetAsync(first.Event.DocumentId, CancellationToken.None);
        Assert.Equal((DocumentStatus.PendingIndex, AliceOnly), (record!.Status, record.Permissions));
    }

    [Fact]
    public async Task ProcessAsync_PathRuleAndAlias_AppliedToEventAcl()
    {
        _h.Permissions.Rules.Add(new PathPermissionRule { Path = "/nas/経理", Deny = { "group:interns" } });
        _h.Permissions.Aliases.Add(new PrincipalAlias { From = "sid:s-1-5-21-1-2-3-1104", To = "group:経理部" });
        _h.PutText("経理/a.txt", "text");
        var acl = DocumentPermissions.Allowing(PermissionSource.Event, "sid:S-1-5-21-1-2-3-1104");

        var result = await _h.CreateProcessor().ProcessAsync(Event("経理/a.txt", acl) with { OriginalPath = "/nas/経理/a.txt" }, CancellationToken.None);

        var permissions = (await _h.Metadata.GetAsync(result.Event.DocumentId, CancellationToken.None))!.Permissions!;
        Assert.Equal([new PermissionEntry("group:経理部", PermissionSource.Event)], permissions.Allow);
        Assert.Equal([new PermissionEntry("group:interns", PermissionSource.PathRule)], permissions.Deny);
    }

    /// <summary>A created event about the object as stored now (its ETag), with <paramref name="acl"/>.</summary>
    private FileEvent Event(string key, DocumentPermissions? acl) => _h.CreatedWithAcl(key, acl);
}
