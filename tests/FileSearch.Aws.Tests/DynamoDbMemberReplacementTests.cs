using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Testing;
using FileSearch.Testing.Fakes;
using FileSearch.Testing.StandIns;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Aws.Tests;

/// <summary>
/// A file's changed version replacing its members with DynamoDB as the metadata store (dynalite): the file's member list
/// never outgrows <c>Pipeline:MaxChildDocuments</c>, whose limit keeps it inside one item, even while the index is down and
/// the previous members stay listed beside the new ones; and every member record in the table is listed by its file.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AwsStandInCollection.Name)]
public sealed class DynamoDbMemberReplacementTests(AwsStandIns standIns) : IDisposable
{
    private const string Bucket = "share";
    private const int MaxMembers = 6;
    private readonly TempDirectory _temp = new("fs-dynamo-members");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemorySearchIndex _index = new();
    private readonly IOptions<PipelineOptions> _pipeline = Options.Create(new PipelineOptions { MaxChildDocuments = MaxMembers });
    private InMemoryObjectStore? _objects;
    private LinesPipeline? _lines;

    private static CancellationToken Ct => CancellationToken.None;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ProcessAsync_NewVersionWhileIndexDown_OldAndNewListedWithinTheLimitAndNoOrphans()
    {
        var (store, processor) = await CreateSutAsync();
        Put("a.zip", Members("旧", 5));
        await processor.ProcessAsync(Created("a.zip"), Ct);
        _time.Advance(TimeSpan.FromMinutes(1));
        Put("a.zip", Members("新", 5));
        _index.Unavailable = true;

        var pending = await processor.ProcessAsync(Created("a.zip"), Ct);

        Assert.Equal(ProcessingOutcome.PendingIndex, pending.Outcome);
        var file = (await store.GetAsync(pending.Event.DocumentId, Ct))!;
        Assert.Equal(DocumentStatus.PendingIndex, file.Status);
        Assert.InRange(file.ChildIds.Count, 1, MaxMembers); // 5 old ones still listed and 1 new one
        var members = Assert.Single(pending.Stages, s => s.Stage == "members");
        Assert.Contains("too-many-members", members.Detail, StringComparison.Ordinal);
        Assert.Contains("stay listed for the index", members.Detail, StringComparison.Ordinal);
        await AssertNoOrphansAsync(store, file);

        _index.Unavailable = false;
        _time.Advance(TimeSpan.FromMinutes(1));
        Put("a.zip", Members("次", 2));
        var next = await processor.ProcessAsync(Created("a.zip"), Ct);

        Assert.Equal(ProcessingOutcome.Indexed, next.Outcome);
        file = (await store.GetAsync(next.Event.DocumentId, Ct))!;
        Assert.Equal(2, file.ChildIds.Count);
        Assert.Equal(2, (await MemberRecordsAsync(store, file.Id)).Count);
    }

    [Fact]
    public async Task MarkFailedAsync_AfterTheLastRetry_MembersOfTheStoredVersionRemovedWithTheFile()
    {
        var (store, processor) = await CreateSutAsync();
        Put("a.zip", Members("旧", 4));
        var first = await processor.ProcessAsync(Created("a.zip"), Ct);
        Assert.Equal(4, (await MemberRecordsAsync(store, first.Event.DocumentId)).Count);
        _time.Advance(TimeSpan.FromMinutes(1));

        await _lines!.Lifecycle.MarkFailedAsync(
            Created("a.zip"), new FailureClassification(FailureKind.Retryable, "download-failed", "the share did not answer"), Ct);

        var file = (await store.GetAsync(first.Event.DocumentId, Ct))!;
        Assert.Equal(DocumentStatus.Failed, file.Status);
        Assert.Empty(file.ChildIds);
        Assert.Empty(await MemberRecordsAsync(store, file.Id));
        Assert.DoesNotContain(_index.Committed, d => d.ParentId == file.Id);
    }

    private async Task AssertNoOrphansAsync(DynamoDbMetadataStore store, DocumentRecord file)
    {
        var records = await MemberRecordsAsync(store, file.Id);
        Assert.All(records, r => Assert.Contains(r.Id, file.ChildIds));
    }

    private static async Task<List<DocumentRecord>> MemberRecordsAsync(DynamoDbMetadataStore store, DocumentId parent)
    {
        var all = new List<DocumentRecord>();
        foreach (var status in Enum.GetValues<DocumentStatus>())
        {
            all.AddRange(await store.ListByStatusAsync(status, Ct).Where(r => r.ParentId == parent).ToListAsync(Ct));
        }

        return all;
    }

    private static string Members(string prefix, int count) =>
        string.Join('\n', Enumerable.Range(1, count).Select(i => $"{prefix}{i}.txt=資料{prefix}{i}"));

    private void Put(string key, string text) => _objects!.Put(Bucket, key, Encoding.UTF8.GetBytes(text));

    private FileEvent Created(string key) => new(FileEventKind.Created, Bucket, key, 1, _time.GetUtcNow());

    private async Task<(DynamoDbMetadataStore Store, DocumentProcessor Processor)> CreateSutAsync()
    {
        _pipeline.Value.TempDirectory = _temp.Combine("tmp");
        _objects = new InMemoryObjectStore(_time);
        var store = await standIns.NewMetadataStoreAsync();
        _lines = new LinesPipeline(store, _objects, _index, _pipeline, _time);
        return (store, _lines.CreateProcessor());
    }
}
