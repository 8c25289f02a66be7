using FileSearch.Core.Domain;
using FileSearch.Core.Messages;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Hosting.Ingest;
using FileSearch.Testing.Fakes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Hosting.Tests.Ingest;

[Trait("Category", "Unit")]
public class IngestPlannerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("/home/user/samples", "samples-")]
    [InlineData("/data/営業資料", "folder-")]
    [InlineData("/data/My Documents (2025)", "my-documents--2025-")]
    public void BucketFor_Folder_ReturnsValidStableBucketName(string folder, string expectedPrefix)
    {
        var bucket = IngestPlanner.BucketFor(folder);

        Assert.StartsWith(expectedPrefix, bucket, StringComparison.Ordinal);
        Assert.Matches("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", bucket);
        Assert.Equal(bucket, IngestPlanner.BucketFor(folder + "/"));
        Assert.NotEqual(bucket, IngestPlanner.BucketFor(folder + "2"));
    }

    [Fact]
    public async Task PlanAsync_NewChangedRemovedUnchangedAndHidden_PlansOnlyTheDifferences()
    {
        var objects = new InMemoryObjectStore(_time);
        var metadata = new InMemoryMetadataStore();
        objects.Put("b", "new.txt", [1]);
        objects.Put("b", "same.txt", [1, 2]);
        objects.Put("b", "changed.txt", [1, 2, 3]);
        objects.Put("b", ".git/config", [1]);
        var same = (await objects.GetInfoAsync("b", "same.txt", CancellationToken.None))!;
        await metadata.PutAsync(Record("same.txt", same.ETag, DocumentStatus.Indexed), CancellationToken.None);
        await metadata.PutAsync(Record("changed.txt", "old-etag", DocumentStatus.Indexed), CancellationToken.None);
        await metadata.PutAsync(Record("gone.txt", "x", DocumentStatus.Indexed), CancellationToken.None);
        await metadata.PutAsync(Record("long-gone.txt", "x", DocumentStatus.Deleted), CancellationToken.None);

        var plan = await new IngestPlanner(objects, metadata, _time).PlanAsync("b", "/root", CancellationToken.None);

        Assert.Equal(1, plan.Unchanged);
        Assert.Equal(["changed.txt", "new.txt"], plan.Events.Where(e => e.Kind == FileEventKind.Created).Select(e => e.Key).Order());
        Assert.Equal("gone.txt", Assert.Single(plan.Events, e => e.Kind == FileEventKind.Deleted).Key);
        Assert.Equal(2, plan.Created);
        Assert.Equal(1, plan.Deleted);
        Assert.Equal(Path.Combine("/root", "new.txt"), plan.Events.Single(e => e.Key == "new.txt").OriginalPath);
    }

    [Fact]
    public void ToMessage_Event_RoundTripsThroughTheWorkerParser()
    {
        var evt = new FileEvent(FileEventKind.Created, "samples-0123456789", "報告/売上 2025.xlsx", 1234, _time.GetUtcNow(),
            ETag: "4d2-abc", OriginalPath: "/data/報告/売上 2025.xlsx");

        var parsed = Assert.Single(FileEventParser.Parse(IngestPlanner.ToMessage(evt)).Events);

        Assert.Equal(evt, parsed);
    }

    [Fact]
    public void ToMessage_EventWithAcl_RoundTripsThroughTheWorkerParser()
    {
        var acl = DocumentPermissions.Create(
            [new("user:alice", PermissionSource.Mode), new("group:営業部", PermissionSource.Acl), new("group:eng", PermissionSource.Ancestor)],
            [new("user:bob", PermissionSource.Mode)]);
        var evt = new FileEvent(FileEventKind.Created, "b", "a.txt", 1, _time.GetUtcNow(), ETag: "1-2", OriginalPath: "/data/a.txt", Acl: acl);

        var parsed = Assert.Single(FileEventParser.Parse(IngestPlanner.ToMessage(evt)).Events);

        Assert.Equal(evt, parsed);
    }

    [Fact]
    public async Task PlanAsync_SameETagOtherPermissions_CreatedEventCountedAsPermissionChange()
    {
        var objects = new InMemoryObjectStore(_time);
        var metadata = new InMemoryMetadataStore();
        objects.Put("b", "chmod.txt", [1]);
        objects.Put("b", "same.txt", [1, 2]);
        var before = DocumentPermissions.Allowing(PermissionSource.Mode, "everyone");
        var after = DocumentPermissions.Allowing(PermissionSource.Mode, "user:alice");
        foreach (var key in new[] { "chmod.txt", "same.txt" })
        {
            var info = (await objects.GetInfoAsync("b", key, CancellationToken.None))!;
            await metadata.PutAsync(Record(key, info.ETag, DocumentStatus.Indexed) with { Permissions = key == "same.txt" ? after : before }, CancellationToken.None);
        }

        var plan = await new IngestPlanner(objects, metadata, _time, new FixedPermissions(after)).PlanAsync("b", "/root", CancellationToken.None);

        var evt = Assert.Single(plan.Events);
        Assert.Equal(("chmod.txt", after), (evt.Key, evt.Acl));
        Assert.Equal((1, 1), (plan.PermissionsChanged, plan.Unchanged));
    }

    [Fact]
    public async Task PlanAsync_PathRuleChangesResolvedPermissions_ComparedAfterRules()
    {
        var objects = new InMemoryObjectStore(_time);
        var metadata = new InMemoryMetadataStore();
        objects.Put("b", "a.txt", [1]);
        var source = DocumentPermissions.Allowing(PermissionSource.Mode, "user:alice");
        var info = (await objects.GetInfoAsync("b", "a.txt", CancellationToken.None))!;
        var options = new PermissionOptions();
        options.Rules.Add(new PathPermissionRule { Path = "/root", Deny = { "group:interns" } });
        var resolver = new PermissionResolver(Options.Create(options));
        await metadata.PutAsync(Record("a.txt", info.ETag, DocumentStatus.Indexed) with { Permissions = resolver.Resolve("/root/a.txt", source) },
            CancellationToken.None);

        var unchanged = await new IngestPlanner(objects, metadata, _time, new FixedPermissions(source), resolver).PlanAsync("b", "/root", CancellationToken.None);
        var ruleRemoved = await new IngestPlanner(objects, metadata, _time, new FixedPermissions(source)).PlanAsync("b", "/root", CancellationToken.None);

        Assert.Equal(1, unchanged.Unchanged);
        Assert.Equal(1, ruleRemoved.PermissionsChanged);
    }

    [Theory]
    [InlineData(".hidden", true)]
    [InlineData("a/.git/config", true)]
    [InlineData("a/b.txt", false)]
    [InlineData("a.b/c", false)]
    public void IsHidden_Key_DetectsDotSegments(string key, bool expected)
    {
        Assert.Equal(expected, IngestPlanner.IsHidden(key));
    }

    private DocumentRecord Record(string key, string? etag, DocumentStatus status) => new()
    {
        Id = DocumentId.From("b", key),
        Bucket = "b",
        Key = key,
        Name = key,
        ETag = etag,
        Status = status,
        EventTime = _time.GetUtcNow().AddDays(-1),
    };

    /// <summary>Every file has the same permissions.</summary>
    private sealed class FixedPermissions(DocumentPermissions permissions) : IPermissionSource, IPermissionReader
    {
        public IPermissionReader Open(string root) => this;

        public DocumentPermissions? Read(string path) => permissions;
    }
}
