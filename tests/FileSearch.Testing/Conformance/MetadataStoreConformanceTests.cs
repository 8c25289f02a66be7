using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Core.Similarity;

namespace FileSearch.Testing.Conformance;

/// <summary>The <see cref="IMetadataStore"/> contract (conditional writes on the document version), run against every adapter.</summary>
public abstract class MetadataStoreConformanceTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2025, 1, 30, 12, 0, 0, TimeSpan.Zero);

    protected static CancellationToken Ct => CancellationToken.None;

    /// <summary>Creates an empty store.</summary>
    protected abstract Task<IMetadataStore> CreateStoreAsync();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task PutAsync_ThenGet_RoundTripsEveryField()
    {
        var store = await CreateStoreAsync();
        var record = FullRecord();

        var outcome = await store.PutAsync(record, Ct);
        var loaded = await store.GetAsync(record.Id, Ct);

        Assert.Equal(WriteOutcome.Written, outcome);
        AssertSameRecord(record, loaded);
    }

    [Fact]
    public async Task PutAsync_NoPermissionsAndNobody_StayDistinct()
    {
        var store = await CreateStoreAsync();
        var unknown = Record("docs", "unknown.txt");
        var nobody = Record("docs", "nobody.txt") with { Permissions = DocumentPermissions.Nobody };

        await store.PutAsync(unknown, Ct);
        await store.PutAsync(nobody, Ct);

        Assert.Null((await store.GetAsync(unknown.Id, Ct))!.Permissions);
        Assert.Same(DocumentPermissions.Nobody, (await store.GetAsync(nobody.Id, Ct))!.Permissions);
    }

    [Fact]
    public async Task PutAsync_PermissionsChanged_ListedWithNewPermissions()
    {
        var store = await CreateStoreAsync();
        var record = FullRecord();
        await store.PutAsync(record, Ct);
        var changed = record with
        {
            EventTime = T0.AddMinutes(1),
            Sequencer = "0055AED6DCD90281E6",
            Permissions = DocumentPermissions.Create([new PermissionEntry("user:alice", PermissionSource.Acl)], [new PermissionEntry("everyone", PermissionSource.PathRule)]),
        };

        await store.PutAsync(changed, Ct);
        var listed = await store.ListByBucketAsync("docs", Ct).SingleAsync();

        Assert.Equal(changed.Permissions, listed.Permissions);
    }

    [Fact]
    public async Task PutAsync_NewVersionWithOtherContent_HashAndSignatureReplaced()
    {
        var store = await CreateStoreAsync();
        var first = FullRecord();
        var second = first with { Sequencer = "0055AED6DCD90281F0", ContentSha256 = new string('a', 64), TextSignature = null };

        await store.PutAsync(first, Ct);
        await store.PutAsync(second, Ct);
        var loaded = await store.GetAsync(first.Id, Ct);

        Assert.Equal((new string('a', 64), (string?)null), (loaded!.ContentSha256, loaded.TextSignature));
        Assert.NotNull(MinHashSignature.FromBase64(first.TextSignature));
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.GetAsync(DocumentId.From("docs", "missing.pdf"), Ct));
    }

    [Fact]
    public async Task PutAsync_OlderSequencer_StaleAndStoredRecordKept()
    {
        var store = await CreateStoreAsync();
        var newer = Record("docs", "a.pdf") with { Sequencer = "0055AED6DCD90281E6", Status = DocumentStatus.Indexed };
        await store.PutAsync(newer, Ct);

        var outcome = await store.PutAsync(newer with { Sequencer = "0055AED6DCD90281E5", Status = DocumentStatus.Failed }, Ct);

        Assert.Equal(WriteOutcome.Stale, outcome);
        var stored = await store.GetAsync(newer.Id, Ct);
        Assert.Equal(DocumentStatus.Indexed, stored?.Status);
        Assert.Equal("0055AED6DCD90281E6", stored?.Sequencer);
    }

    [Fact]
    public async Task PutAsync_OlderEventTime_Stale()
    {
        var store = await CreateStoreAsync();
        var record = Record("docs", "b.pdf") with { EventTime = T0.AddMinutes(5) };
        await store.PutAsync(record, Ct);

        Assert.Equal(WriteOutcome.Stale, await store.PutAsync(record with { EventTime = T0 }, Ct));
    }

    [Fact]
    public async Task PutAsync_SameVersion_WrittenAgain()
    {
        var store = await CreateStoreAsync();
        var record = Record("docs", "c.pdf") with { Sequencer = "0A", Status = DocumentStatus.Processing };
        await store.PutAsync(record, Ct);

        var outcome = await store.PutAsync(record with { Status = DocumentStatus.Indexed, PageCount = 3 }, Ct);

        Assert.Equal(WriteOutcome.Written, outcome);
        var stored = await store.GetAsync(record.Id, Ct);
        Assert.Equal(DocumentStatus.Indexed, stored?.Status);
        Assert.Equal(3, stored?.PageCount);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0055AED6DCD90281E6")]
    public async Task SetActiveStageAsync_ProcessingAtThatVersion_WritesTheStageOnlyAndClears(string? sequencer)
    {
        var store = await CreateStoreAsync();
        var record = Record("docs", "処理中/見積書.pdf") with
        {
            Sequencer = sequencer,
            Status = DocumentStatus.Processing,
            Text = "前の版の本文 見積条件",
            Interruptions = 1,
        };
        await store.PutAsync(record, Ct);

        var set = await store.SetActiveStageAsync(record.Id, record.Version, "extract", Ct);
        var afterSet = await store.GetAsync(record.Id, Ct);
        var cleared = await store.SetActiveStageAsync(record.Id, record.Version, null, Ct);
        var afterClear = await store.GetAsync(record.Id, Ct);

        Assert.Equal((WriteOutcome.Written, WriteOutcome.Written), (set, cleared));
        Assert.Equal("extract", afterSet?.ActiveStage);
        Assert.Null(afterClear?.ActiveStage);
        Assert.Equal(("前の版の本文 見積条件", 1, DocumentStatus.Processing), (afterSet?.Text, afterSet?.Interruptions, afterSet?.Status));
    }

    [Fact]
    public async Task SetActiveStageAsync_OtherVersionOrNotProcessing_StaleAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        var indexed = Record("docs", "f.pdf") with { Status = DocumentStatus.Indexed };
        var processing = Record("docs", "g.pdf") with { Sequencer = "0B", Status = DocumentStatus.Processing };
        await store.PutAsync(indexed, Ct);
        await store.PutAsync(processing, Ct);

        var notProcessing = await store.SetActiveStageAsync(indexed.Id, indexed.Version, "extract", Ct);
        var olderAttempt = await store.SetActiveStageAsync(processing.Id, new DocumentVersion("0A", T0), "extract", Ct);
        var missing = await store.SetActiveStageAsync(DocumentId.From("docs", "none.pdf"), indexed.Version, "extract", Ct);

        Assert.Equal([WriteOutcome.Stale, WriteOutcome.Stale, WriteOutcome.Stale], new[] { notProcessing, olderAttempt, missing });
        Assert.Null((await store.GetAsync(indexed.Id, Ct))?.ActiveStage);
        Assert.Null((await store.GetAsync(processing.Id, Ct))?.ActiveStage);
        Assert.Null(await store.GetAsync(DocumentId.From("docs", "none.pdf"), Ct));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0055AED6DCD90281E6")]
    public async Task SetChildIdsAsync_ProcessingAtThatVersion_WritesTheListOnlyAndEmpties(string? sequencer)
    {
        var store = await CreateStoreAsync();
        var record = Record("docs", "処理中/2019_見積.zip") with
        {
            Sequencer = sequencer,
            Status = DocumentStatus.Processing,
            Text = "前の版の本文 見積条件",
            ActiveStage = "members",
            ChildIds = [DocumentId.From("docs", "old-member")],
        };
        await store.PutAsync(record, Ct);
        List<DocumentId> members = [DocumentId.From("docs", "old-member"), DocumentId.ForMember(record.Id, "a.txt"), DocumentId.ForMember(record.Id, "b/c.txt")];

        var set = await store.SetChildIdsAsync(record.Id, record.Version, members, Ct);
        var afterSet = await store.GetAsync(record.Id, Ct);
        var emptied = await store.SetChildIdsAsync(record.Id, record.Version, [], Ct);
        var afterEmpty = await store.GetAsync(record.Id, Ct);

        Assert.Equal((WriteOutcome.Written, WriteOutcome.Written), (set, emptied));
        Assert.Equal(members, afterSet?.ChildIds);
        Assert.Empty(afterEmpty!.ChildIds);
        Assert.Equal(("前の版の本文 見積条件", "members", DocumentStatus.Processing), (afterSet?.Text, afterSet?.ActiveStage, afterSet?.Status));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SetOrAddChildIdsAsync_OtherVersionOrNotProcessing_StaleAndNothingWritten(bool add)
    {
        var store = await CreateStoreAsync();
        var indexed = Record("docs", "f.zip") with { Status = DocumentStatus.Indexed };
        var processing = Record("docs", "g.zip") with { Sequencer = "0B", Status = DocumentStatus.Processing };
        await store.PutAsync(indexed, Ct);
        await store.PutAsync(processing, Ct);
        List<DocumentId> members = [DocumentId.ForMember(indexed.Id, "a.txt")];

        Task<WriteOutcome> Write(DocumentId id, DocumentVersion version) =>
            add ? store.AddChildIdsAsync(id, version, [], members, Ct) : store.SetChildIdsAsync(id, version, members, Ct);

        var notProcessing = await Write(indexed.Id, indexed.Version);
        var olderAttempt = await Write(processing.Id, new DocumentVersion("0A", T0));
        var missing = await Write(DocumentId.From("docs", "none.zip"), indexed.Version);

        Assert.Equal([WriteOutcome.Stale, WriteOutcome.Stale, WriteOutcome.Stale], new[] { notProcessing, olderAttempt, missing });
        Assert.Empty((await store.GetAsync(indexed.Id, Ct))!.ChildIds);
        Assert.Empty((await store.GetAsync(processing.Id, Ct))!.ChildIds);
        Assert.Null(await store.GetAsync(DocumentId.From("docs", "none.zip"), Ct));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0055AED6DCD90281E6")]
    public async Task AddChildIdsAsync_TwoAttemptsFromTheSameKnownList_EachIdListedOnceNoneLost(string? sequencer)
    {
        var store = await CreateStoreAsync();
        var record = Record("docs", "処理中/2019_見積.zip") with { Sequencer = sequencer, Status = DocumentStatus.Processing, Text = "前の版の本文" };
        await store.PutAsync(record, Ct);
        var (a, b, c) = (DocumentId.ForMember(record.Id, "a.txt"), DocumentId.ForMember(record.Id, "b.txt"), DocumentId.ForMember(record.Id, "c.txt"));

        var first = await store.AddChildIdsAsync(record.Id, record.Version, [], [a, b], Ct);
        var second = await store.AddChildIdsAsync(record.Id, record.Version, [], [a, c], Ct);
        var again = await store.AddChildIdsAsync(record.Id, record.Version, [a, b, c], [b], Ct);
        var stored = (await store.GetAsync(record.Id, Ct))!;

        Assert.Equal([WriteOutcome.Written, WriteOutcome.Written, WriteOutcome.Written], new[] { first, second, again });
        Assert.Equal([a, b, c], stored.ChildIds);
        Assert.Equal(("前の版の本文", DocumentStatus.Processing), (stored.Text, stored.Status));
    }

    [Fact]
    public async Task PutAsync_NewerVersion_Replaces()
    {
        var store = await CreateStoreAsync();
        var record = Record("docs", "d.pdf") with { Sequencer = "0A", Size = 1 };
        await store.PutAsync(record, Ct);

        var outcome = await store.PutAsync(record with { Sequencer = "0B", Size = 2 }, Ct);

        Assert.Equal(WriteOutcome.Written, outcome);
        Assert.Equal(2, (await store.GetAsync(record.Id, Ct))?.Size);
    }

    [Fact]
    public async Task RemoveAsync_Existing_GoneAfterwards()
    {
        var store = await CreateStoreAsync();
        var record = Record("docs", "e.pdf");
        await store.PutAsync(record, Ct);

        await store.RemoveAsync(record.Id, Ct);
        await store.RemoveAsync(record.Id, Ct);

        Assert.Null(await store.GetAsync(record.Id, Ct));
    }

    [Fact]
    public async Task ListByBucketAsync_SeveralBuckets_OnlyThatBucketInKeyOrder()
    {
        var store = await CreateStoreAsync();
        string[] keys = ["z.pdf", "a/b.pdf", "日本語.pdf", "a-c.pdf", "m.txt"];
        foreach (var key in keys)
        {
            await store.PutAsync(Record("docs", key), Ct);
        }

        await store.PutAsync(Record("other", "a.pdf"), Ct);

        var listed = new List<string>();
        await foreach (var record in store.ListByBucketAsync("docs", Ct))
        {
            listed.Add(record.Key);
        }

        Assert.Equal(keys.Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task ListByStatusAsync_ManyPendingAcrossBuckets_ReturnsExactlyThoseWithText()
    {
        var store = await CreateStoreAsync();
        var pending = Enumerable.Range(0, 150).Select(i => Record(i % 2 == 0 ? "docs" : "other", $"p{i:D3}.txt") with
        {
            Status = DocumentStatus.PendingIndex,
            Text = $"本文 {i}",
        }).ToList();
        foreach (var record in pending)
        {
            await store.PutAsync(record, Ct);
        }

        await store.PutAsync(Record("docs", "indexed.txt") with { Status = DocumentStatus.Indexed }, Ct);

        var listed = new List<DocumentRecord>();
        await foreach (var record in store.ListByStatusAsync(DocumentStatus.PendingIndex, Ct))
        {
            listed.Add(record);
        }

        Assert.Equal(pending.Select(r => r.Key).Order(StringComparer.Ordinal), listed.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.All(listed, r => Assert.StartsWith("本文 ", r.Text, StringComparison.Ordinal));
        Assert.Equal(150, (await store.CountByStatusAsync(Ct))[DocumentStatus.PendingIndex]);
    }

    [Fact]
    public async Task ListByStatusAsync_NoneWithStatus_ReturnsEmpty()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync(Record("docs", "a.txt") with { Status = DocumentStatus.Indexed }, Ct);

        await foreach (var record in store.ListByStatusAsync(DocumentStatus.PendingIndex, Ct))
        {
            Assert.Fail($"unexpected {record.Key}");
        }
    }

    [Fact]
    public async Task CountByStatusAsync_MixedStatuses_CountsEach()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync(Record("docs", "1") with { Status = DocumentStatus.Indexed }, Ct);
        await store.PutAsync(Record("docs", "2") with { Status = DocumentStatus.Indexed }, Ct);
        await store.PutAsync(Record("docs", "3") with { Status = DocumentStatus.Failed }, Ct);

        var counts = await store.CountByStatusAsync(Ct);

        Assert.Equal(2, counts.GetValueOrDefault(DocumentStatus.Indexed));
        Assert.Equal(1, counts.GetValueOrDefault(DocumentStatus.Failed));
        Assert.Equal(0, counts.GetValueOrDefault(DocumentStatus.Processing));
    }

    [Fact]
    public async Task FindByPathAsync_OriginalPathThenKey_Found()
    {
        var store = await CreateStoreAsync();
        var withPath = Record("docs", "nas/contract.pdf") with { OriginalPath = @"\\nas\share\契約書\contract.pdf" };
        var withoutPath = Record("docs", "scans/page 1.png");
        await store.PutAsync(withPath, Ct);
        await store.PutAsync(withoutPath, Ct);

        Assert.Equal(withPath.Id, (await store.FindByPathAsync(@"\\nas\share\契約書\contract.pdf", Ct))?.Id);
        Assert.Equal(withoutPath.Id, (await store.FindByPathAsync("scans/page 1.png", Ct))?.Id);
        Assert.Null(await store.FindByPathAsync("scans/page", Ct));
    }

    [Fact]
    public async Task PutAsync_Member_RoundTripsParentAndPathAndLeftOutOfFileListings()
    {
        var store = await CreateStoreAsync();
        var file = Record("docs", "見積/2019_見積.zip") with { OriginalPath = "/mnt/nas/見積/2019_見積.zip", Status = DocumentStatus.Indexed };
        var member = Record("docs", "見積/2019_見積.zip") with
        {
            Id = DocumentId.ForMember(file.Id, "見積/見積書.xls"),
            OriginalPath = file.OriginalPath,
            Name = "2019_見積.zip › 見積/見積書.xls",
            Status = DocumentStatus.Indexed,
            ParentId = file.Id,
            MemberPath = "旧版.zip › 見積/見積書.xls",
            ThumbnailKeys = ["thumbs/member/256.webp"],
        };
        await store.PutAsync(member, Ct);
        await store.PutAsync(file with { ChildIds = [member.Id] }, Ct);

        var read = await store.GetAsync(member.Id, Ct);
        AssertSameRecord(member, read);
        Assert.True(read!.IsMember);
        Assert.Equal(file.Id, read.ParentId);
        Assert.Equal("旧版.zip › 見積/見積書.xls", read.MemberPath);

        var listed = new List<DocumentRecord>();
        await foreach (var record in store.ListByBucketAsync("docs", Ct))
        {
            listed.Add(record);
        }

        Assert.Equal([file.Id], listed.Select(r => r.Id));
        Assert.Equal(file.Id, (await store.FindByPathAsync("/mnt/nas/見積/2019_見積.zip", Ct))?.Id);
        Assert.Equal(file.Id, (await store.FindByPathAsync("見積/2019_見積.zip", Ct))?.Id);

        var indexed = new List<DocumentId>();
        await foreach (var record in store.ListByStatusAsync(DocumentStatus.Indexed, Ct))
        {
            indexed.Add(record.Id);
        }

        Assert.Contains(member.Id, indexed);
        Assert.Contains(file.Id, indexed);
    }

    protected static DocumentRecord Record(string bucket, string key) => new()
    {
        Id = DocumentId.From(bucket, key),
        Bucket = bucket,
        Key = key,
        Name = key[(key.LastIndexOf('/') + 1)..],
        EventTime = T0,
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    protected static DocumentRecord FullRecord() => Record("docs", "契約書/2025/売買契約書.pdf") with
    {
        OriginalPath = "/mnt/nas/契約書/2025/売買契約書.pdf",
        Kind = FileKind.Pdf,
        MimeType = "application/pdf",
        Size = 123_456,
        ETag = "\"9b2cf535f27731c974343645a3985328\"",
        ContentSha256 = "0b8e2c5a3f4d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7",
        TextSignature = MinHashSignature.Compute("第1条（目的）本契約は、甲が乙に委託するソフトウェア保守業務の内容および条件を定める。")!.ToBase64(),
        VersionId = "v1",
        Sequencer = "0055AED6DCD90281E5",
        LastModified = T0.AddMinutes(-3),
        Status = DocumentStatus.Indexed,
        FailureReason = "none",
        PageCount = 12,
        OcrConfidence = 87.5,
        Ocr = new OcrSummary
        {
            Pages =
            [
                new OcrPageSummary(1, OcrPageStatus.Recognized, 91.5, Reused: true, Operations: "normalize,deskew:1.5,binarize:otsu"),
                new OcrPageSummary(2, OcrPageStatus.Recognized, 55, Weak: true, Retried: true, Operations: "rotate:90,vertical"),
                new OcrPageSummary(3, OcrPageStatus.TimedOut),
                new OcrPageSummary(4, OcrPageStatus.NotRecognized),
            ],
        },
        ThumbnailKeys = ["thumbs/abc/1.webp", "thumbs/abc/2.webp"],
        TextLength = 40_000,
        Truncated = true,
        VectorPending = true,
        VectorModel = "resnet18-imagenet-v1/512",
        ActiveStage = "extract",
        Interruptions = 2,
        ChildIds = [DocumentId.ForMember(DocumentId.From("docs", "契約書/2025/売買契約書.pdf"), "別紙/見積書.xlsx"),
            DocumentId.ForMember(DocumentId.From("docs", "契約書/2025/売買契約書.pdf"), "旧版.zip › 見積書.xlsx")],
        ExtractionMethod = "ocr",
        Permissions = DocumentPermissions.Create(
            [
                new PermissionEntry("group:営業部", PermissionSource.Acl),
                new PermissionEntry("user:alice", PermissionSource.Mode),
                new PermissionEntry("sid:S-1-5-21-1004336348-1177238915-682003330-1104", PermissionSource.Event),
                new PermissionEntry("group:sales", PermissionSource.PathRule),
            ],
            [new PermissionEntry("user:bob", PermissionSource.Mode), new PermissionEntry("group:interns", PermissionSource.Ancestor)]),
        Text = string.Concat(Enumerable.Repeat("売買契約書 第1条 ", 2_000)),
        CreatedAt = T0.AddDays(-1),
        UpdatedAt = T0.AddSeconds(1),
    };

    protected static void AssertSameRecord(DocumentRecord expected, DocumentRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.ThumbnailKeys, actual.ThumbnailKeys);
        Assert.Equal(expected.ChildIds, actual.ChildIds);
        Assert.Equal(expected with { ThumbnailKeys = [], ChildIds = [] }, actual with { ThumbnailKeys = [], ChildIds = [] });
    }
}
