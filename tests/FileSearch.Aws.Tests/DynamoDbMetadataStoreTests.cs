using System.Text;
using FileSearch.Aws.Internals;
using FileSearch.Core.Domain;
using FileSearch.Testing.StandIns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Aws.Tests;

[Trait("Category", "Integration")]
[Collection(AwsStandInCollection.Name)]
public sealed class DynamoDbMetadataStoreTests(AwsStandIns standIns)
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task PutAsync_TextOverInlineLimit_CutAndMarkedTruncated()
    {
        var store = await CreateSutAsync(maxInlineTextBytes: 1_000);
        var id = DocumentId.From("docs", "long.txt");
        var record = new DocumentRecord { Id = id, Bucket = "docs", Key = "long.txt", Name = "long.txt", Text = new string('契', 1_000) };

        await store.PutAsync(record, Ct);
        var stored = await store.GetAsync(id, Ct);

        Assert.True(stored?.Truncated);
        Assert.Equal(333, stored?.Text?.Length);
    }

    [Fact]
    public async Task PutAsync_TextOver400KbWithTextBucket_StoredWholeInS3ReadBackAndDeletedWithRecord()
    {
        var bucket = AwsStandIns.UniqueName("texts");
        await standIns.Setup.CreateBucketAsync(bucket, Ct);
        var store = await CreateSutAsync(textBucket: bucket);
        var id = DocumentId.From("docs", "huge.txt");
        var text = string.Concat(Enumerable.Range(0, 30_000).Select(i => $"第{i}条 契約")); // ~ 450 KB of UTF-8
        Assert.True(Encoding.UTF8.GetByteCount(text) > 400 * 1024);
        var t0 = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var record = new DocumentRecord { Id = id, Bucket = "docs", Key = "huge.txt", Name = "huge.txt", Text = text, EventTime = t0, TextLength = text.Length };

        await store.PutAsync(record, Ct);
        var stored = await store.GetAsync(id, Ct);
        var listed = await store.ListByBucketAsync("docs", Ct).SingleAsync(Ct);
        var stale = await store.PutAsync(record with { EventTime = t0.AddDays(-1), Text = "古い" + text }, Ct);
        var afterStale = await TextKeysAsync(bucket);
        await store.PutAsync(record with { EventTime = t0.AddDays(1), Text = "新しい" + text }, Ct);
        var afterNewer = await TextKeysAsync(bucket);
        var newer = await store.GetAsync(id, Ct);
        await store.RemoveAsync(id, Ct);

        Assert.Equal(text, stored?.Text);
        Assert.False(stored?.Truncated);
        Assert.Equal(text, listed.Text);
        Assert.Equal(Core.Ports.WriteOutcome.Stale, stale);
        Assert.Single(afterStale);
        Assert.Single(afterNewer);
        Assert.NotEqual(afterStale, afterNewer);
        Assert.StartsWith("texts/" + id.Value + "/", afterNewer[0], StringComparison.Ordinal);
        Assert.Equal("新しい" + text, newer?.Text);
        Assert.Empty(await TextKeysAsync(bucket));
        Assert.Null(await store.GetAsync(id, Ct));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PutAsync_ArchiveWithMostMembersAndLongText_FitsOneItem(bool textBucket)
    {
        var bucket = textBucket ? AwsStandIns.UniqueName("texts") : null;
        if (bucket is not null)
        {
            await standIns.Setup.CreateBucketAsync(bucket, Ct);
        }

        var store = await CreateSutAsync(textBucket: bucket);
        var id = DocumentId.From("docs", "2019_見積.zip");
        var children = Enumerable.Range(0, DynamoDbMetadataStore.MaxChildDocuments).Select(i => DocumentId.From("docs", $"2019_見積.zip::見積/{i:D5}.xls")).ToList();
        var text = string.Concat(Enumerable.Range(0, 9_000).Select(i => $"見積{i:D5}.xls\n")); // ~ 150 KB: the member names
        Assert.InRange(Encoding.UTF8.GetByteCount(text), 120_000, DynamoDbMetadataStore.MaxChildDocuments * DocumentItem.ChildIdBytes);
        var record = new DocumentRecord { Id = id, Bucket = "docs", Key = "2019_見積.zip", Name = "2019_見積.zip", Text = text, ChildIds = children, TextLength = text.Length };

        await store.PutAsync(record, Ct);
        var stored = await store.GetAsync(id, Ct);

        Assert.Equal(children, stored?.ChildIds);
        Assert.Equal(textBucket ? text : null, textBucket ? stored?.Text : null);
        Assert.Equal(!textBucket, stored?.Truncated);
        Assert.True(textBucket || text.StartsWith(stored!.Text!, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SetChildIdsAsync_ListOutgrowsTheInlineText_RecordPutAgainWithItsTextMoved(bool textBucket)
    {
        var bucket = textBucket ? AwsStandIns.UniqueName("texts") : null;
        if (bucket is not null)
        {
            await standIns.Setup.CreateBucketAsync(bucket, Ct);
        }

        var store = await CreateSutAsync(textBucket: bucket);
        var id = DocumentId.From("docs", "2019_見積.zip");
        var text = new string('見', 95_000); // ~ 285 KB inline: room for the list it had, none for 10,000 ids more
        var processing = new DocumentRecord
        {
            Id = id,
            Bucket = "docs",
            Key = "2019_見積.zip",
            Name = "2019_見積.zip",
            Status = DocumentStatus.Processing,
            Text = text,
            TextLength = text.Length,
            EventTime = new DateTimeOffset(2025, 1, 30, 12, 0, 0, TimeSpan.Zero),
        };
        await store.PutAsync(processing, Ct);
        var children = Enumerable.Range(0, DynamoDbMetadataStore.MaxChildDocuments).Select(i => DocumentId.ForMember(id, $"見積/{i:D5}.xls")).ToList();

        var outcome = await store.SetChildIdsAsync(id, processing.Version, children, Ct);
        var stored = await store.GetAsync(id, Ct);

        Assert.Equal(Core.Ports.WriteOutcome.Written, outcome);
        Assert.Equal(children, stored?.ChildIds);
        Assert.Equal((DocumentStatus.Processing, !textBucket), (stored?.Status, stored?.Truncated));
        Assert.True(textBucket ? stored?.Text == text : text.StartsWith(stored!.Text!, StringComparison.Ordinal) && stored.Text!.Length < text.Length);
    }

    [Fact]
    public async Task PutAsync_RecordOverItemEvenWithoutText_PermanentFailureNamingTheLimit()
    {
        var store = await CreateSutAsync();
        var id = DocumentId.From("docs", "巨大.zip");
        var children = Enumerable.Range(0, 13_000).Select(i => DocumentId.From("docs", $"巨大.zip::{i}")).ToList();
        var record = new DocumentRecord { Id = id, Bucket = "docs", Key = "巨大.zip", Name = "巨大.zip", ChildIds = children };

        var error = await Assert.ThrowsAsync<Core.Errors.ProcessingException>(() => store.PutAsync(record, Ct));

        Assert.Equal("metadata-too-large", error.Code);
        Assert.Contains("Pipeline:MaxChildDocuments", error.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetAsync(id, Ct));
    }

    [Fact]
    public async Task PutAsync_Members_OutOfThePathIndexesLegacyMemberItemsStillSkipped()
    {
        var (store, table) = await CreateSutWithTableAsync();
        var file = new DocumentRecord { Id = DocumentId.From("docs", "2019_見積.zip"), Bucket = "docs", Key = "2019_見積.zip", Name = "2019_見積.zip", OriginalPath = "/mnt/nas/2019_見積.zip" };
        var members = Enumerable.Range(0, 3).Select(i => file with
        {
            Id = DocumentId.ForMember(file.Id, $"見積/{i}.xls"),
            Name = $"2019_見積.zip › 見積/{i}.xls",
            ParentId = file.Id,
            MemberPath = $"見積/{i}.xls",
        }).ToList();
        foreach (var member in members)
        {
            await store.PutAsync(member, Ct);
        }

        await store.PutAsync(file with { ChildIds = [.. members.Select(m => m.Id)] }, Ct);
        // A member written by the release that still gave members the key attribute.
        var legacy = DocumentItem.ToItem(members[0] with { Id = DocumentId.ForMember(file.Id, "旧/legacy.xls") });
        legacy[DocumentItem.Key] = legacy[DocumentItem.MemberKey];
        legacy.Remove(DocumentItem.MemberKey);
        await standIns.DynamoDb.PutItemAsync(table, legacy, Ct);

        var byKey = await IndexIdsAsync(table, DynamoDbMetadataStore.ObjectKeyIndex, DocumentItem.Key, "2019_見積.zip");
        var byPath = await IndexIdsAsync(table, DynamoDbMetadataStore.OriginalPathIndex, DocumentItem.OriginalPath, "/mnt/nas/2019_見積.zip");
        var read = await store.GetAsync(members[1].Id, Ct);
        var listed = await store.ListByBucketAsync("docs", Ct).Select(r => r.Id).ToListAsync(Ct);

        // The new members are not in the key index; only the file and the legacy member are.
        Assert.Equal(new[] { file.Id.Value, DocumentId.ForMember(file.Id, "旧/legacy.xls").Value }.Order(StringComparer.Ordinal), byKey.Order(StringComparer.Ordinal));
        Assert.Equal([file.Id.Value], byPath);
        Assert.Equal(("2019_見積.zip", "/mnt/nas/2019_見積.zip"), (read?.Key, read?.OriginalPath));
        Assert.Equal([file.Id], listed);
        Assert.Equal(file.Id, (await store.FindByPathAsync("2019_見積.zip", Ct))?.Id);
    }

    [Fact]
    public void Size_ItemOfEveryAttributeKind_AtLeastDynamoDbsCount()
    {
        var item = new Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>
        {
            ["name"] = DocumentItem.S("見積書"), // 4 + 9
            ["size"] = DocumentItem.N(123456), // 4 + (3 + 1 by DynamoDB's rule)
            ["keys"] = new() { L = [DocumentItem.S("a"), DocumentItem.S("bc")] }, // 4 + 3 + 2 + 1 + 2
            ["ok"] = new() { BOOL = true }, // 2 + 1
        };

        Assert.InRange(DocumentItem.Size(item), 4 + 9 + 4 + 4 + 4 + 3 + 5 + 2 + 1, 60);
    }

    [Fact]
    public async Task PutAsync_SequencerAgainstStoredTimeOnly_EventTimeDecides()
    {
        var store = await CreateSutAsync();
        var t0 = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var record = new DocumentRecord { Id = DocumentId.From("docs", "a"), Bucket = "docs", Key = "a", Name = "a", EventTime = t0 };
        await store.PutAsync(record, Ct);

        var older = await store.PutAsync(record with { Sequencer = "FF", EventTime = t0.AddMinutes(-1) }, Ct);
        var newer = await store.PutAsync(record with { Sequencer = "01", EventTime = t0.AddMinutes(1) }, Ct);

        Assert.Equal((Core.Ports.WriteOutcome.Stale, Core.Ports.WriteOutcome.Written), (older, newer));
    }

    [Theory]
    [InlineData("0055AED6DCD90281E5", "55AED6DCD90281E6")]
    [InlineData("FF", "100")]
    [InlineData("0a", "0B")]
    public void SortableSequencer_OrdinalOrder_MatchesNumericOrder(string smaller, string larger) =>
        Assert.True(string.CompareOrdinal(DocumentItem.SortableSequencer(smaller), DocumentItem.SortableSequencer(larger)) < 0);

    [Fact]
    public void CutUtf8_SurrogatePairAtBoundary_NotSplit()
    {
        var text = "ab" + "😀😀";

        var cut = DocumentItem.CutUtf8(text, 5);

        Assert.Equal("ab", cut);
        Assert.True(Encoding.UTF8.GetByteCount(DocumentItem.CutUtf8("日本語テキスト", 10)) <= 10);
        Assert.Equal("short", DocumentItem.CutUtf8("short", 10));
    }

    private async Task<List<string>> TextKeysAsync(string bucket) =>
        [.. ((await standIns.S3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = bucket }, Ct)).S3Objects ?? []).Select(o => o.Key)];

    private async Task<List<string>> IndexIdsAsync(string table, string index, string attribute, string value) =>
        [.. ((await standIns.DynamoDb.QueryAsync(new Amazon.DynamoDBv2.Model.QueryRequest
        {
            TableName = table,
            IndexName = index,
            KeyConditionExpression = "#a = :v",
            ExpressionAttributeNames = new() { ["#a"] = attribute },
            ExpressionAttributeValues = new() { [":v"] = DocumentItem.S(value) },
        }, Ct)).Items ?? []).Select(i => i[DocumentItem.Id].S)];

    private async Task<(DynamoDbMetadataStore Store, string Table)> CreateSutWithTableAsync()
    {
        var options = standIns.With(table: AwsStandIns.UniqueName("t"));
        await standIns.Setup.CreateTableAsync(options.TableName, Ct);
        return (new DynamoDbMetadataStore(standIns.DynamoDb, Options.Create(options), NullLogger<DynamoDbMetadataStore>.Instance), options.TableName);
    }

    private async Task<DynamoDbMetadataStore> CreateSutAsync(int maxInlineTextBytes = 300_000, string? textBucket = null)
    {
        var options = standIns.With(table: AwsStandIns.UniqueName("t"));
        options.MaxInlineTextBytes = maxInlineTextBytes;
        options.TextBucket = textBucket;
        await standIns.Setup.CreateTableAsync(options.TableName, Ct);
        await standIns.Setup.CreateTableAsync(options.TableName, Ct);
        return new DynamoDbMetadataStore(standIns.DynamoDb, Options.Create(options), NullLogger<DynamoDbMetadataStore>.Instance, textBucket is null ? null : standIns.S3);
    }
}
