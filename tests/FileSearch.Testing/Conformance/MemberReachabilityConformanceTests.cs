using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Testing.Fakes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Testing.Conformance;

/// <summary>
/// Every archive member or attachment written is reachable from its file's record, whatever happens part way through the
/// reading (a retryable error, a permanent one, a crash), so a FAILED record, a deletion or the next version removes it: the
/// real pipeline classes over each metadata adapter, with a stand-in container of <c>path=text</c> lines.
/// </summary>
public abstract class MemberReachabilityConformanceTests : IAsyncLifetime
{
    private const string Bucket = "share";
    private const string Key = "営業/2019_見積.zip";
    private const string Abc = "a.txt=見積A\nb.txt=見積B\nc.txt=見積C";

    private readonly TempDirectory _temp = new("fs-member-reach");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryObjectStore _objects;
    private readonly InMemorySearchIndex _index = new();
    private readonly IOptions<PipelineOptions> _options;
    private IMetadataStore? _store;
    private LinesPipeline? _pipeline;

    protected MemberReachabilityConformanceTests()
    {
        _objects = new InMemoryObjectStore(_time);
        // Members written two at a time: a failure after the second member finds them written, not still gathered.
        _options = Options.Create(new PipelineOptions { TempDirectory = _temp.Combine("tmp"), MaxChildDocuments = 50, MemberWriteBatch = 2 });
    }

    private static CancellationToken Ct => CancellationToken.None;

    /// <summary>Creates an empty store.</summary>
    protected abstract Task<IMetadataStore> CreateStoreAsync();

    [Fact]
    public async Task ProcessAsync_ThirdMemberReadFailsUntilRetriesRunOut_NoMemberSearchableOrRecorded()
    {
        var processor = await CreateSutAsync();
        Put(Abc);
        _pipeline!.Reader.FailAt = (3, () => new HttpRequestException("the share did not answer", null, System.Net.HttpStatusCode.ServiceUnavailable));
        var evt = Created();

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var result = await processor.ProcessAsync(evt, Ct);
            Assert.Equal((ProcessingOutcome.Failed, FailureKind.Retryable), (result.Outcome, result.Failure?.Kind));
        }

        await _pipeline!.Lifecycle.MarkFailedAsync(evt, new FailureClassification(FailureKind.Retryable, "server-error", "the share did not answer"), Ct);

        var file = (await _store!.GetAsync(evt.DocumentId, Ct))!;
        Assert.Equal((DocumentStatus.Failed, 0), (file.Status, file.ChildIds.Count));
        await AssertMembersAsync(evt.DocumentId);
    }

    [Fact]
    public async Task ProcessAsync_ThirdMemberReadFailsThenFileDeleted_NothingLeft()
    {
        var processor = await CreateSutAsync();
        Put(Abc);
        _pipeline!.Reader.FailAt = (3, () => new IOException("read error on the share"));
        var failed = await processor.ProcessAsync(Created(), Ct);
        Assert.Equal(FailureKind.Retryable, failed.Failure?.Kind);
        _time.Advance(TimeSpan.FromMinutes(1));

        var deleted = await processor.ProcessAsync(new FileEvent(FileEventKind.Deleted, Bucket, Key, null, _time.GetUtcNow()), Ct);

        Assert.Equal(ProcessingOutcome.Deleted, deleted.Outcome);
        Assert.Equal(DocumentStatus.Deleted, (await _store!.GetAsync(deleted.Event.DocumentId, Ct))!.Status);
        await AssertMembersAsync(deleted.Event.DocumentId);
    }

    [Fact]
    public async Task ProcessAsync_ContainerCorruptAfterTwoMembers_FailedWithNoMemberLeft()
    {
        var processor = await CreateSutAsync();
        Put(Abc);
        _pipeline!.Reader.FailAt = (3, () => ProcessingException.Permanent("corrupt-archive", "the central directory is damaged"));

        var result = await processor.ProcessAsync(Created(), Ct);

        Assert.Equal(("corrupt-archive", FailureKind.Permanent), (result.Failure?.Code, result.Failure?.Kind));
        var file = (await _store!.GetAsync(result.Event.DocumentId, Ct))!;
        Assert.Equal((DocumentStatus.Failed, 0), (file.Status, file.ChildIds.Count));
        await AssertMembersAsync(result.Event.DocumentId);
    }

    [Fact]
    public async Task ProcessAsync_CrashAfterTwoMembersThenSameVersionSucceeds_ExactlyTheFilesMembersOnce()
    {
        var processor = await CreateSutAsync();
        Put(Abc);
        var evt = Created();
        await CrashAfterAsync(processor, evt, members: 2);

        var result = await processor.ProcessAsync(evt, Ct);

        Assert.Equal(ProcessingOutcome.Indexed, result.Outcome);
        var file = (await _store!.GetAsync(evt.DocumentId, Ct))!;
        var expected = new[] { "a.txt", "b.txt", "c.txt" }.Select(p => DocumentId.ForMember(evt.DocumentId, p).Value).Order(StringComparer.Ordinal);
        Assert.Equal(expected, file.ChildIds.Select(id => id.Value).Order(StringComparer.Ordinal));
        await AssertMembersAsync(evt.DocumentId, "a.txt", "b.txt", "c.txt");
    }

    [Fact]
    public async Task ProcessAsync_CrashAfterThreeMembersThenChangedFileHasTwo_NoThirdMemberLeft()
    {
        var processor = await CreateSutAsync();
        Put(Abc + "\nd.txt=見積D");
        await CrashAfterAsync(processor, Created(), members: 3);
        _time.Advance(TimeSpan.FromMinutes(1));
        Put("a.txt=見積A 改\nb.txt=見積B 改");

        var result = await processor.ProcessAsync(Created(), Ct);

        Assert.Equal(ProcessingOutcome.Indexed, result.Outcome);
        Assert.Equal(2, (await _store!.GetAsync(result.Event.DocumentId, Ct))!.ChildIds.Count);
        await AssertMembersAsync(result.Event.DocumentId, "a.txt", "b.txt");
    }

    [Fact]
    public async Task ProcessAsync_ManyMembersChangedVersion_EachListedByItsFileBeforeItsRecordIsWritten()
    {
        var processor = await CreateSutAsync();
        Put(string.Join('\n', Enumerable.Range(1, 30).Select(i => $"旧{i}.txt=資料{i}")));
        await processor.ProcessAsync(Created(), Ct);
        _time.Advance(TimeSpan.FromMinutes(1));
        Put(string.Join('\n', Enumerable.Range(1, 40).Select(i => $"新{i}.txt=資料{i}")));

        var result = await processor.ProcessAsync(Created(), Ct);

        Assert.Equal(ProcessingOutcome.Indexed, result.Outcome);
        Assert.Equal(70, ((ListedFirstStore)_store!).MemberWrites);
        Assert.Empty(((ListedFirstStore)_store).Unlisted);
        Assert.Equal(40, (await _store.GetAsync(result.Event.DocumentId, Ct))!.ChildIds.Count);
    }

    [Fact]
    public async Task ProcessAsync_TwoLiveAttemptsAtOneVersionBothDieThenFileDeleted_EveryMemberListedOnceAndNothingLeft()
    {
        var first = await CreateSutAsync();
        var firstReader = _pipeline!.Reader;
        var second = new LinesPipeline(_store!, _objects, _index, _options, _time);
        Put(Abc + "\nd.txt=見積D");
        var evt = Created();
        using var firstCrash = new CancellationTokenSource();
        using var secondCrash = new CancellationTokenSource();
        var (firstAtMembers, firstGo) = Gate(firstReader);
        var (secondAtMembers, secondGo) = Gate(second.Reader);
        firstReader.CancelAfter = (4, firstCrash);
        second.Reader.CancelAfter = (2, secondCrash);

        // Both attempts have put their PROCESSING record before either lists a member (a message redelivered while the first
        // worker still runs); the first lists all four, then the second, which saw none listed, lists the first two.
        var firstRun = Task.Run(() => first.ProcessAsync(evt, firstCrash.Token));
        await firstAtMembers;
        var secondRun = Task.Run(() => second.CreateProcessor().ProcessAsync(evt, secondCrash.Token));
        await secondAtMembers;
        firstGo.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => firstRun);
        secondGo.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => secondRun);

        var expected = new[] { "a.txt", "b.txt", "c.txt", "d.txt" }.Select(p => DocumentId.ForMember(evt.DocumentId, p).Value).Order(StringComparer.Ordinal);
        Assert.Equal(expected, (await _store!.GetAsync(evt.DocumentId, Ct))!.ChildIds.Select(id => id.Value).Order(StringComparer.Ordinal));
        _time.Advance(TimeSpan.FromMinutes(1));
        var deleted = await first.ProcessAsync(new FileEvent(FileEventKind.Deleted, Bucket, Key, null, _time.GetUtcNow()), Ct);
        Assert.Equal(ProcessingOutcome.Deleted, deleted.Outcome);
        await AssertMembersAsync(evt.DocumentId);
    }

    /// <summary>Holds the reading before its first member: the task that completes there, and the switch that lets it go on.</summary>
    private static (Task AtMembers, TaskCompletionSource Go) Gate(LinesContainerReader reader)
    {
        var at = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        reader.PauseAt = (1, WaitAsync);
        return (at.Task, go);

        async Task WaitAsync()
        {
            at.SetResult();
            await go.Task;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// An attempt that dies after <paramref name="members"/> members are read: the cancellation escapes the processor the way a
    /// kill ends it, with no cleanup of the stage's own.
    /// </summary>
    private async Task CrashAfterAsync(DocumentProcessor processor, FileEvent evt, int members)
    {
        using var crash = new CancellationTokenSource();
        _pipeline!.Reader.CancelAfter = (members, crash);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => processor.ProcessAsync(evt, crash.Token));
        _pipeline!.Reader.CancelAfter = null;
    }

    /// <summary>The file's members left in the store and in the index (after one more commit), exactly these paths, once each.</summary>
    private async Task AssertMembersAsync(DocumentId parent, params string[] paths)
    {
        await _index.CommitAsync(Ct);
        var records = new List<DocumentRecord>();
        foreach (var status in Enum.GetValues<DocumentStatus>())
        {
            records.AddRange(await _store!.ListByStatusAsync(status, Ct).Where(r => r.ParentId == parent).ToListAsync(Ct));
        }

        Assert.Equal(paths, records.Select(r => r.MemberPath!).Order(StringComparer.Ordinal));
        Assert.Equal(paths, _index.Committed.Where(d => d.ParentId == parent).Select(d => d.MemberPath!).Order(StringComparer.Ordinal));
    }

    private void Put(string lines) => _objects.Put(Bucket, Key, Encoding.UTF8.GetBytes(lines));

    private FileEvent Created() => new(FileEventKind.Created, Bucket, Key, 1, _time.GetUtcNow());

    private async Task<DocumentProcessor> CreateSutAsync()
    {
        _store = new ListedFirstStore(await CreateStoreAsync());
        _pipeline = new LinesPipeline(_store, _objects, _index, _options, _time);
        return _pipeline.CreateProcessor();
    }

    /// <summary>The adapter under test, checking at every member record written that its file's stored record lists it.</summary>
    private sealed class ListedFirstStore(IMetadataStore inner) : IMetadataStore
    {
        public int MemberWrites { get; private set; }

        public List<string> Unlisted { get; } = [];

        public Task<DocumentRecord?> GetAsync(DocumentId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public async Task<WriteOutcome> PutAsync(DocumentRecord record, CancellationToken cancellationToken)
        {
            if (record is { ParentId: { } parent, Status: not DocumentStatus.Deleted })
            {
                MemberWrites++;
                if (await inner.GetAsync(parent, cancellationToken) is not { } file || !file.ChildIds.Contains(record.Id))
                {
                    Unlisted.Add(record.MemberPath!);
                }
            }

            return await inner.PutAsync(record, cancellationToken);
        }

        public Task<WriteOutcome> SetActiveStageAsync(DocumentId id, DocumentVersion version, string? stage, CancellationToken cancellationToken) =>
            inner.SetActiveStageAsync(id, version, stage, cancellationToken);

        public Task<WriteOutcome> SetChildIdsAsync(DocumentId id, DocumentVersion version, IReadOnlyList<DocumentId> childIds, CancellationToken cancellationToken) =>
            inner.SetChildIdsAsync(id, version, childIds, cancellationToken);

        public Task<WriteOutcome> AddChildIdsAsync(
            DocumentId id, DocumentVersion version, IReadOnlyList<DocumentId> known, IReadOnlyList<DocumentId> added, CancellationToken cancellationToken) =>
            inner.AddChildIdsAsync(id, version, known, added, cancellationToken);

        public Task RemoveAsync(DocumentId id, CancellationToken cancellationToken) => inner.RemoveAsync(id, cancellationToken);

        public IAsyncEnumerable<DocumentRecord> ListByBucketAsync(string bucket, CancellationToken cancellationToken) => inner.ListByBucketAsync(bucket, cancellationToken);

        public Task<DocumentRecord?> FindByPathAsync(string pathOrKey, CancellationToken cancellationToken) => inner.FindByPathAsync(pathOrKey, cancellationToken);

        public Task<IReadOnlyDictionary<DocumentStatus, long>> CountByStatusAsync(CancellationToken cancellationToken) => inner.CountByStatusAsync(cancellationToken);

        public IAsyncEnumerable<DocumentRecord> ListByStatusAsync(DocumentStatus status, CancellationToken cancellationToken) => inner.ListByStatusAsync(status, cancellationToken);
    }
}
