using System.Security.Cryptography;
using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Pipeline.Reindexing;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Core.Security;
using FileSearch.Core.Tests.Pipeline.Reindexing;

namespace FileSearch.Core.Tests.Pipeline.Stages;

/// <summary>
/// Members are documents of their own: a metadata record, a thumbnail and a vector like a file of their type, rebuilt into
/// an index from their records, drained after an index outage, and gone with their file.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ChildDocumentRecordsTests : IDisposable
{
    private static readonly DocumentPermissions Sales = DocumentPermissions.Allowing(PermissionSource.Mode, "group:sales");
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly PipelineHarness _h = new();
    private readonly VectorRestoreTests.ByteEmbedder _embedder = new();

    public ChildDocumentRecordsTests() => _h.Embedder = _embedder;

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task ProcessAsync_Archive_EachMemberHasItsOwnRecordLinkedToTheFile()
    {
        _h.PutText("営業/2019_見積.zip", "見積/見積書.txt=見積書|合計 1,280,000円\n写真/現場.png=現場写真");

        var result = await Process("営業/2019_見積.zip");

        var parent = result.Event.DocumentId;
        var quote = await _h.Metadata.GetAsync(DocumentId.ForMember(parent, "見積/見積書.txt"), Ct);
        Assert.NotNull(quote);
        Assert.Equal((DocumentStatus.Indexed, (DocumentId?)parent, "見積/見積書.txt"), (quote.Status, quote.ParentId, quote.MemberPath));
        Assert.Equal("2019_見積.zip › 見積/見積書.txt", quote.Name);
        Assert.Equal(("営業/2019_見積.zip", FileKind.Text), (quote.Key, quote.Kind));
        Assert.Equal("見積書\n合計 1,280,000円", quote.Text);
        Assert.Equal(Sales, quote.Permissions);
        Assert.Equal(result.Event.Version, quote.Version);
        Assert.Null(quote.ETag);
        Assert.Equal(Encoding.UTF8.GetByteCount("見積書\n合計 1,280,000円"), quote.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("見積書\n合計 1,280,000円"))), quote.ContentSha256);
        Assert.Empty(quote.ThumbnailKeys);
        var file = await _h.Metadata.GetAsync(parent, Ct);
        Assert.Equal(2, file!.ChildIds.Count);
        Assert.All(file.ChildIds, id => Assert.NotNull(_h.Metadata.GetAsync(id, Ct).Result));
    }

    [Fact]
    public async Task ProcessAsync_ImageMember_ThumbnailAndVectorAsForATopLevelImage()
    {
        _h.PutText("a.zip", "写真/現場.png=現場写真");

        var result = await Process("a.zip");

        var id = DocumentId.ForMember(result.Event.DocumentId, "写真/現場.png");
        var record = (await _h.Metadata.GetAsync(id, Ct))!;
        Assert.Equal([$"thumbnails/{id}/256.webp"], record.ThumbnailKeys);
        Assert.NotNull(await _h.Objects.GetInfoAsync(_h.PipelineOptions.Value.ThumbnailBucket, record.ThumbnailKeys[0], Ct));
        Assert.Equal(_embedder.ModelId, record.VectorModel);
        var entry = _h.Index.Committed.Single(d => d.Id == id);
        Assert.Equal(VectorRestoreTests.ByteEmbedder.VectorOf("現場写真"), entry.Vector?.ToArray());
        Assert.Equal(("写真/現場.png", (DocumentId?)result.Event.DocumentId), (entry.MemberPath, entry.ParentId));
    }

    [Fact]
    public async Task ProcessAsync_DeletedArchive_NoMemberRecordThumbnailOrEntryLeft()
    {
        _h.PutText("a.zip", "現場.png=現場写真\n報告.txt=報告書");
        var processor = _h.CreateProcessor();
        var created = await processor.ProcessAsync(_h.CreatedWithAcl("a.zip", Sales), Ct);
        var children = (await _h.Metadata.GetAsync(created.Event.DocumentId, Ct))!.ChildIds;
        _h.Time.Advance(TimeSpan.FromMinutes(1));

        await processor.ProcessAsync(_h.Deleted("a.zip"), Ct);

        Assert.Equal(2, children.Count);
        Assert.All(children, id => Assert.Null(_h.Metadata.GetAsync(id, Ct).Result));
        Assert.Empty(_h.Index.Committed);
        Assert.DoesNotContain(_h.Objects.Keys, k => k.Bucket == _h.PipelineOptions.Value.ThumbnailBucket);
    }

    [Fact]
    public async Task ProcessAsync_AttemptDiesBeforeItsMembersAreListedThenFileDeleted_NoMemberThumbnailLeft()
    {
        using var crash = new CancellationTokenSource();
        _h.Containers.CancelAfter = (2, crash);

        await AssertDeletionAfterCrashLeavesNoThumbnailAsync(crash, storedBeforeDeletion: false);
    }

    [Fact]
    public async Task ProcessAsync_AttemptDiesAfterMemberThumbnailsStoredThenFileDeleted_NoMemberThumbnailLeft()
    {
        using var crash = new CancellationTokenSource();
        _h.Index.BeforeIndex = d =>
        {
            if (d.ParentId is not null)
            {
                crash.Cancel();
                crash.Token.ThrowIfCancellationRequested();
            }
        };

        await AssertDeletionAfterCrashLeavesNoThumbnailAsync(crash, storedBeforeDeletion: true);
    }

    [Fact]
    public async Task ProcessAsync_ChangedArchive_GoneMemberRecordAndThumbnailRemovedKeptMemberUpdated()
    {
        _h.PutText("a.zip", "旧.png=古い写真\n残る.txt=旧版");
        var processor = _h.CreateProcessor();
        var first = await processor.ProcessAsync(_h.CreatedWithAcl("a.zip", Sales), Ct);
        var parent = first.Event.DocumentId;
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        _h.PutText("a.zip", "残る.txt=新版");

        await processor.ProcessAsync(_h.CreatedWithAcl("a.zip", Sales), Ct);

        Assert.Null(await _h.Metadata.GetAsync(DocumentId.ForMember(parent, "旧.png"), Ct));
        Assert.DoesNotContain(_h.Objects.Keys, k => k.Bucket == _h.PipelineOptions.Value.ThumbnailBucket);
        var kept = await _h.Metadata.GetAsync(DocumentId.ForMember(parent, "残る.txt"), Ct);
        Assert.Equal("新版", kept!.Text);
        Assert.Equal([DocumentId.ForMember(parent, "残る.txt")], (await _h.Metadata.GetAsync(parent, Ct))!.ChildIds);
        Assert.Equal(["残る.txt"], _h.Index.Committed.Where(d => d.ParentId is not null).Select(d => d.MemberPath));
    }

    [Fact]
    public async Task ProcessAsync_ArchiveBecomesUnreadable_MemberRecordsAndThumbnailsRemoved()
    {
        _h.PutText("a.zip", "現場.png=現場写真");
        var processor = _h.CreateProcessor();
        var first = await processor.ProcessAsync(_h.CreatedWithAcl("a.zip", Sales), Ct);
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        _h.Containers.Broken = true;

        await processor.ProcessAsync(_h.CreatedWithAcl("a.zip", Sales), Ct);

        Assert.Null(await _h.Metadata.GetAsync(DocumentId.ForMember(first.Event.DocumentId, "現場.png"), Ct));
        Assert.DoesNotContain(_h.Objects.Keys, k => k.Bucket == _h.PipelineOptions.Value.ThumbnailBucket);
    }

    [Fact]
    public async Task DrainPendingAsync_IndexWasDown_MembersRecordedPendingThenIndexedWithTheirFileAndVectors()
    {
        _h.PutText("a.zip", "報告.txt=月次報告書\n現場.png=現場写真");
        _h.Index.Unavailable = true;

        var result = await Process("a.zip");

        Assert.Equal(ProcessingOutcome.PendingIndex, result.Outcome);
        var parent = result.Event.DocumentId;
        var report = DocumentId.ForMember(parent, "報告.txt");
        Assert.Equal(DocumentStatus.PendingIndex, (await _h.Metadata.GetAsync(report, Ct))!.Status);
        Assert.Equal(2, (await _h.Metadata.GetAsync(parent, Ct))!.ChildIds.Count);

        _h.Index.Unavailable = false;
        var drained = await _h.CreateRebuilder(new ReindexOptions()).DrainPendingAsync(Ct);

        Assert.Equal(3, drained.Indexed);
        var members = _h.Index.Committed.Where(d => d.ParentId == parent).ToDictionary(d => d.MemberPath!);
        Assert.Equal(["報告.txt", "現場.png"], members.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("月次報告書", members["報告.txt"].Text);
        Assert.Equal(VectorRestoreTests.ByteEmbedder.VectorOf("現場写真"), members["現場.png"].Vector?.ToArray());
        Assert.Equal(DocumentStatus.Indexed, (await _h.Metadata.GetAsync(report, Ct))!.Status);
    }

    [Fact]
    public async Task DrainOnceAsync_NewVersionReadWhileIndexDown_OnlyTheNewVersionsMembersListedAndSearchable()
    {
        _h.PutText("a.zip", "A.txt=旧A\nB.txt=旧B");
        var parent = (await Process("a.zip")).Event.DocumentId;
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        _h.Index.Unavailable = true;
        _h.PutText("a.zip", "B.txt=新B\nC.txt=新C");
        Assert.Equal(ProcessingOutcome.PendingIndex, (await Process("a.zip")).Outcome);
        Assert.Equal(3, (await _h.Metadata.GetAsync(parent, Ct))!.ChildIds.Count);
        _h.Index.Unavailable = false;

        await CreateDrainer().DrainOnceAsync(Ct);

        Assert.Equal(DocumentStatus.Indexed, (await _h.Metadata.GetAsync(parent, Ct))!.Status);
        await AssertMembersAsync(parent, ("B.txt", "新B"), ("C.txt", "新C"));
    }

    [Fact]
    public async Task DrainOnceAsync_NewVersionCutByTheLimitLeftWhileIndexDown_ReadAgainWithAllItsMembers()
    {
        var parent = await ProcessCutWhileIndexDownAsync();

        await CreateDrainer().DrainOnceAsync(Ct);

        var file = (await _h.Metadata.GetAsync(parent, Ct))!;
        Assert.Equal((DocumentStatus.Indexed, null), (file.Status, file.FailureReason));
        await AssertMembersAsync(parent, ("B.txt", "新B"), ("C.txt", "新C"), ("D.txt", "新D"));
    }

    [Fact]
    public async Task DrainOnceAsync_CutFilesReadingFailsRetryably_WaitsAsPendingAndIsReadAtTheNextRound()
    {
        var parent = await ProcessCutWhileIndexDownAsync();
        var drainer = CreateDrainer();
        _h.Containers.Failure = new IOException("read error on the share");

        await drainer.DrainOnceAsync(Ct);

        var waiting = (await _h.Metadata.GetAsync(parent, Ct))!;
        Assert.Equal(DocumentStatus.PendingIndex, waiting.Status);
        Assert.StartsWith(ChildDocumentsStage.MembersAfterIndexCode + ":", waiting.FailureReason, StringComparison.Ordinal);
        _h.Containers.Failure = null;

        await drainer.DrainOnceAsync(Ct);

        Assert.Equal(DocumentStatus.Indexed, (await _h.Metadata.GetAsync(parent, Ct))!.Status);
        await AssertMembersAsync(parent, ("B.txt", "新B"), ("C.txt", "新C"), ("D.txt", "新D"));
    }

    /// <summary>
    /// Version 1 of an archive (A, B) indexed, then version 2 (B, C, D) read while the index is down with room for one new
    /// member (<see cref="PipelineOptions.MaxChildDocuments"/> 3); the index then answers again. Returns the file's id.
    /// </summary>
    private async Task<DocumentId> ProcessCutWhileIndexDownAsync()
    {
        _h.PipelineOptions.Value.MaxChildDocuments = 3;
        _h.PutText("a.zip", "A.txt=旧A\nB.txt=旧B");
        var parent = (await Process("a.zip")).Event.DocumentId;
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        _h.Index.Unavailable = true;
        _h.PutText("a.zip", "B.txt=新B\nC.txt=新C\nD.txt=新D");
        var cut = await Process("a.zip");
        Assert.Equal(ProcessingOutcome.PendingIndex, cut.Outcome);
        Assert.Contains("too-many-members", cut.Stages.Single(s => s.Stage == "members").Detail, StringComparison.Ordinal);
        _h.Index.Unavailable = false;
        return parent;
    }

    [Fact]
    public async Task RebuildAllAsync_IndexLost_MembersRebuiltFromTheirRecordsWithoutReadingTheArchiveForText()
    {
        _h.PutText("outer.zip", "l2.zip=写真.png~内側の写真|メモ.txt~内側のメモ\n報告.txt=報告書");
        var result = await Process("outer.zip");
        var before = _h.Index.Committed.OrderBy(d => d.Id.Value, StringComparer.Ordinal).Select(d => (d.Id, d.Name, d.Text, d.ParentId, d.MemberPath)).ToList();
        var calls = _h.Extractor.Calls;
        _h.Index.Clear();

        var rebuilt = await _h.CreateRebuilder(new ReindexOptions()).RebuildAllAsync(Ct);

        Assert.Equal(5, rebuilt.Indexed);
        Assert.Equal(calls, _h.Extractor.Calls);
        Assert.Equal(before, _h.Index.Committed.OrderBy(d => d.Id.Value, StringComparer.Ordinal).Select(d => (d.Id, d.Name, d.Text, d.ParentId, d.MemberPath)));
        var nested = _h.Index.Committed.Single(d => d.MemberPath == "l2.zip › 写真.png");
        Assert.Equal(VectorRestoreTests.ByteEmbedder.VectorOf("内側の写真"), nested.Vector?.ToArray());
        Assert.Equal(result.Event.DocumentId, nested.ParentId);
    }

    [Fact]
    public async Task BackfillAsync_EmbedderWasDownForAMemberPhotograph_VectorFromTheMemberReadOutOfItsFile()
    {
        _h.PutText("a.zip", "写真/現場.png=現場写真");
        _embedder.Failure = new HttpRequestException("down", null, System.Net.HttpStatusCode.ServiceUnavailable);
        var result = await Process("a.zip");
        var id = DocumentId.ForMember(result.Event.DocumentId, "写真/現場.png");
        Assert.True((await _h.Metadata.GetAsync(id, Ct))!.VectorPending);
        _embedder.Failure = null;
        var backfiller = new VectorBackfiller(_h.Metadata, _h.Index, _h.Objects, _embedder, _h.CreateRebuilder(new ReindexOptions()), _h.Workspace,
            new FileSearch.Core.Errors.DefaultErrorClassifier(), Microsoft.Extensions.Options.Options.Create(new ReindexOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<VectorBackfiller>.Instance, _h.Originals);

        var report = await backfiller.BackfillAsync(await backfiller.FindPendingAsync(null, Ct), null, Ct);

        Assert.Equal(1, report.Embedded);
        Assert.False((await _h.Metadata.GetAsync(id, Ct))!.VectorPending);
        var entry = _h.Index.Committed.Single(d => d.Id == id);
        Assert.Equal(VectorRestoreTests.ByteEmbedder.VectorOf("現場写真"), entry.Vector?.ToArray());
        Assert.Equal(("写真/現場.png", (DocumentId?)result.Event.DocumentId), (entry.MemberPath, entry.ParentId));
    }

    [Fact]
    public async Task FetchAsync_NestedMember_ItsExactBytes()
    {
        _h.PutText("outer.zip", "l2.zip=写真.png~内側の写真|メモ.txt~内側のメモ\n報告.txt=報告書");
        var result = await Process("outer.zip");
        var record = (await _h.Metadata.GetAsync(DocumentId.ForMember(result.Event.DocumentId, "l2.zip › メモ.txt"), Ct))!;
        var folder = _h.Workspace.CreateFolder();
        try
        {
            var path = await _h.Originals.FetchAsync(record, folder, Ct);

            Assert.Equal("内側のメモ", await File.ReadAllTextAsync(path, Ct));
            var gone = record with { MemberPath = "l2.zip › ない.txt" };
            var ex = await Assert.ThrowsAsync<FileSearch.Core.Errors.ProcessingException>(() => _h.Originals.FetchAsync(gone, folder, Ct));
            Assert.Equal("object-not-found", ex.Code);
        }
        finally
        {
            TempWorkspace.DeleteFolder(folder);
        }
    }

    private PendingIndexDrainer CreateDrainer() => new(
        _h.Metadata, _h.CreateRebuilder(new ReindexOptions()), new FileSearch.Core.Errors.DefaultErrorClassifier(),
        Microsoft.Extensions.Options.Options.Create(new ReindexOptions()), _h.Time,
        Microsoft.Extensions.Logging.Abstractions.NullLogger<PendingIndexDrainer>.Instance, _h.CreateProcessor());

    /// <summary>The file lists exactly these members, each has a record and a committed index entry with this text, and no other member of the file is left.</summary>
    private async Task AssertMembersAsync(DocumentId parent, params (string Path, string Text)[] members)
    {
        var expected = members.Select(m => DocumentId.ForMember(parent, m.Path).Value).Order(StringComparer.Ordinal);
        Assert.Equal(expected, (await _h.Metadata.GetAsync(parent, Ct))!.ChildIds.Select(id => id.Value).Order(StringComparer.Ordinal));
        Assert.Equal(members.OrderBy(m => m.Path, StringComparer.Ordinal),
            _h.Metadata.Records.Where(r => r.ParentId == parent).Select(r => (r.MemberPath!, r.Text!)).OrderBy(m => m.Item1, StringComparer.Ordinal));
        Assert.Equal(members.OrderBy(m => m.Path, StringComparer.Ordinal),
            _h.Index.Committed.Where(d => d.ParentId == parent).Select(d => (d.MemberPath!, d.Text)).OrderBy(m => m.Item1, StringComparer.Ordinal));
    }

    /// <summary>An attempt at an archive of pictures dies through <paramref name="crash"/>; the file's deletion leaves no thumbnail of a member.</summary>
    private async Task AssertDeletionAfterCrashLeavesNoThumbnailAsync(CancellationTokenSource crash, bool storedBeforeDeletion)
    {
        _h.PutText("a.zip", "1.png=写真1\n2.png=写真2\n3.png=写真3");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _h.CreateProcessor().ProcessAsync(_h.CreatedWithAcl("a.zip", Sales), crash.Token));
        _h.Index.BeforeIndex = null;
        Assert.Equal(storedBeforeDeletion, _h.Objects.Keys.Any(k => k.Bucket == _h.PipelineOptions.Value.ThumbnailBucket));
        _h.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(ProcessingOutcome.Deleted, (await _h.CreateProcessor().ProcessAsync(_h.Deleted("a.zip"), Ct)).Outcome);

        Assert.DoesNotContain(_h.Objects.Keys, k => k.Bucket == _h.PipelineOptions.Value.ThumbnailBucket);
    }

    private Task<ProcessingResult> Process(string key) => _h.CreateProcessor().ProcessAsync(_h.CreatedWithAcl(key, Sales), Ct);
}
