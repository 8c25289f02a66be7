using FileSearch.Core.Domain;
using FileSearch.Core.Messages;
using FileSearch.Hosting.Ingest;
using FileSearch.Testing.Fakes;
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
}
