using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Testing;
using Microsoft.Data.Sqlite;

namespace FileSearch.Embedded.Tests.Metadata;

[Trait("Category", "Integration")]
public sealed class SqliteMetadataStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 30, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new("fs-meta");
    private readonly List<SqliteMetadataStore> _stores = [];

    private static CancellationToken Ct => CancellationToken.None;

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        _directory.Dispose();
    }

    [Fact]
    public async Task Reopen_AfterDispose_RecordsStillThere()
    {
        var first = CreateSut();
        var record = Record("docs", "report.pdf") with { ThumbnailKeys = ["t/1.webp"], Text = "本文" };
        await first.PutAsync(record, Ct);
        first.Dispose();

        var loaded = await CreateSut().GetAsync(record.Id, Ct);

        Assert.Equal("本文", loaded?.Text);
        Assert.Equal(["t/1.webp"], loaded?.ThumbnailKeys);
    }

    [Fact]
    public async Task Open_NewDatabase_SchemaVersionAndIndexesCreated()
    {
        await CreateSut().CountByStatusAsync(Ct);

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory.Path, "metadata.db")};Pooling=False");
        await connection.OpenAsync();
        Assert.Equal(9L, await ScalarAsync(connection, "PRAGMA user_version;"));
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT COUNT(*) FROM pragma_table_info('documents') WHERE name = 'ocr';"));
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT COUNT(*) FROM pragma_table_info('documents') WHERE name = 'vector_pending';"));
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT COUNT(*) FROM pragma_table_info('documents') WHERE name = 'permissions';"));
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT COUNT(*) FROM pragma_table_info('documents') WHERE name = 'vector_model';"));
        Assert.Equal(2L, await ScalarAsync(connection,
            "SELECT COUNT(*) FROM pragma_table_info('documents') WHERE name IN ('active_stage', 'interruptions');"));
        Assert.Equal(2L, await ScalarAsync(connection,
            "SELECT COUNT(*) FROM pragma_table_info('documents') WHERE name IN ('content_sha256', 'text_signature');"));
        Assert.Equal(2L, await ScalarAsync(connection,
            "SELECT COUNT(*) FROM pragma_table_info('documents') WHERE name IN ('parent_id', 'member_path');"));
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
        foreach (var index in new[] { "ix_documents_bucket_key", "ix_documents_original_path", "ix_documents_status", "ix_documents_content_sha256" })
        {
            Assert.Equal(1L, await ScalarAsync(connection, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = '{index}';"));
        }
    }

    [Fact]
    public async Task Open_VersionOneDatabase_MigratedAndOldRowsNotVectorPending()
    {
        await CreateOldDatabaseAsync(version: 1);

        var store = CreateSut();
        var old = await store.GetAsync(Record("docs", "old.pdf").Id, Ct);
        await store.PutAsync(Record("docs", "new.pdf") with { VectorPending = true }, Ct);

        Assert.Equal((DocumentStatus.Indexed, false), (old!.Status, old.VectorPending));
        Assert.True((await store.GetAsync(Record("docs", "new.pdf").Id, Ct))!.VectorPending);
    }

    [Fact]
    public async Task Open_VersionThreeDatabase_MigratedAndOldRowsWithoutPermissionInformation()
    {
        await CreateOldDatabaseAsync(version: 3);

        var store = CreateSut();
        var old = await store.GetAsync(Record("docs", "old.pdf").Id, Ct);
        await store.PutAsync(Record("docs", "new.pdf") with { Permissions = DocumentPermissions.Nobody }, Ct);

        Assert.Null(old!.Permissions);
        Assert.Same(DocumentPermissions.Nobody, (await store.GetAsync(Record("docs", "new.pdf").Id, Ct))!.Permissions);
    }

    [Fact]
    public async Task Open_VersionFourDatabase_MigratedAndOldRowsWithoutVectorModel()
    {
        await CreateOldDatabaseAsync(version: 4);

        var store = CreateSut();
        var old = await store.GetAsync(Record("docs", "old.pdf").Id, Ct);
        await store.PutAsync(Record("docs", "new.jpg") with { VectorModel = "resnet18-imagenet-v1/512" }, Ct);

        Assert.Null(old!.VectorModel);
        Assert.Equal("resnet18-imagenet-v1/512", (await store.GetAsync(Record("docs", "new.jpg").Id, Ct))!.VectorModel);
    }

    [Fact]
    public async Task Open_VersionSixDatabase_MigratedAndOldRowsWithoutChildren()
    {
        await CreateOldDatabaseAsync(version: 6);
        var child = DocumentId.ForMember(Record("docs", "new.zip").Id, "見積書.xlsx");

        var store = CreateSut();
        var old = await store.GetAsync(Record("docs", "old.pdf").Id, Ct);
        await store.PutAsync(Record("docs", "new.zip") with { ChildIds = [child] }, Ct);

        Assert.Empty(old!.ChildIds);
        Assert.Equal([child], (await store.GetAsync(Record("docs", "new.zip").Id, Ct))!.ChildIds);
    }

    [Fact]
    public async Task Open_VersionSevenDatabase_MigratedAndOldRowsWithoutHashOrSignature()
    {
        await CreateOldDatabaseAsync(version: 7);
        var hash = new string('b', 64);

        var store = CreateSut();
        var old = await store.GetAsync(Record("docs", "old.pdf").Id, Ct);
        await store.PutAsync(Record("docs", "new.txt") with { ContentSha256 = hash, TextSignature = "c2ln" }, Ct);

        Assert.Equal(((string?)null, (string?)null), (old!.ContentSha256, old.TextSignature));
        var stored = (await store.GetAsync(Record("docs", "new.txt").Id, Ct))!;
        Assert.Equal((hash, "c2ln"), (stored.ContentSha256, stored.TextSignature));
    }

    [Fact]
    public async Task Open_VersionEightDatabase_MigratedOldRowsAreFilesAndMembersStored()
    {
        await CreateOldDatabaseAsync(version: 8);
        var parent = Record("docs", "2019_見積.zip");
        var member = parent with { Id = DocumentId.ForMember(parent.Id, "見積書.xls"), Name = "2019_見積.zip › 見積書.xls", ParentId = parent.Id, MemberPath = "見積書.xls" };

        var store = CreateSut();
        var old = await store.GetAsync(Record("docs", "old.pdf").Id, Ct);
        await store.PutAsync(member, Ct);

        Assert.False(old!.IsMember);
        var stored = (await store.GetAsync(member.Id, Ct))!;
        Assert.Equal((parent.Id, "見積書.xls"), (stored.ParentId, stored.MemberPath));
        Assert.Equal(old.Id, (await store.FindByPathAsync("old.pdf", Ct))?.Id);
    }

    [Fact]
    public async Task Open_VersionEightDatabaseWithAnArchive_ArchiveLosesItsETagSoTheNextIngestProcessesItAgain()
    {
        await CreateOldDatabaseAsync(version: 8);
        var archive = Record("docs", "2019_見積.zip");
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_directory.Path, "metadata.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = "UPDATE documents SET etag = 'e-old'; INSERT INTO documents (id, bucket, key, name, kind, size, status, created_at, updated_at, etag, child_ids) " +
                $"VALUES ('{archive.Id.Value}', 'docs', '2019_見積.zip', '2019_見積.zip', 'Zip', 1, 'Indexed', 0, 0, 'e-zip', '[\"{DocumentId.ForMember(archive.Id, "見積書.xls").Value}\"]');";
            await insert.ExecuteNonQueryAsync();
        }

        var store = CreateSut();

        Assert.Null((await store.GetAsync(archive.Id, Ct))!.ETag);
        Assert.Equal("e-old", (await store.GetAsync(Record("docs", "old.pdf").Id, Ct))!.ETag);
    }

    /// <summary>A metadata.db at an older schema <paramref name="version"/> holding one INDEXED row, docs/old.pdf.</summary>
    private async Task CreateOldDatabaseAsync(int version)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory.Path, "metadata.db")};Pooling=False");
        await connection.OpenAsync();
        await using var create = connection.CreateCommand();
        create.CommandText = string.Concat(FileSearch.Embedded.Internals.MetadataSchema.Migrations.Take(version)) +
            "INSERT INTO documents (id, bucket, key, name, kind, size, status, created_at, updated_at) " +
            $"VALUES ('{Record("docs", "old.pdf").Id.Value}', 'docs', 'old.pdf', 'old.pdf', 'Pdf', 1, 'Indexed', 0, 0); PRAGMA user_version = {version};";
        await create.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task ListByBucketAsync_MorePagesThanOne_AllRecordsOnce()
    {
        var store = CreateSut();
        for (var i = 0; i < 150; i++)
        {
            await store.PutAsync(Record("docs", $"file-{i:D3}.txt"), Ct);
        }

        var keys = new List<string>();
        await foreach (var record in store.ListByBucketAsync("docs", Ct))
        {
            keys.Add(record.Key);
        }

        Assert.Equal(Enumerable.Range(0, 150).Select(i => $"file-{i:D3}.txt"), keys);
    }

    [Fact]
    public async Task PutAsync_RacingVersionsFromTwoStores_NewestWins()
    {
        var a = CreateSut();
        var b = CreateSut();
        var record = Record("docs", "contested.pdf");
        var writes = Enumerable.Range(1, 40).Select(i => Task.Run(() =>
            (i % 2 == 0 ? a : b).PutAsync(record with { Sequencer = i.ToString("X4", System.Globalization.CultureInfo.InvariantCulture), Size = i }, Ct)));

        var outcomes = await Task.WhenAll(writes);

        Assert.Contains(WriteOutcome.Written, outcomes);
        Assert.Equal(40, (await a.GetAsync(record.Id, Ct))?.Size);
    }

    [Fact]
    public async Task CountByStatusAsync_EmptyStore_EveryStatusZero()
    {
        var counts = await CreateSut().CountByStatusAsync(Ct);

        Assert.Equal(Enum.GetValues<DocumentStatus>().Length, counts.Count);
        Assert.All(counts.Values, c => Assert.Equal(0, c));
    }

    [Fact]
    public async Task FindByPathAsync_SamePathInTwoBuckets_MostRecentlyUpdatedWins()
    {
        var store = CreateSut();
        await store.PutAsync(Record("old", "x.pdf") with { OriginalPath = "/share/x.pdf", UpdatedAt = T0 }, Ct);
        await store.PutAsync(Record("new", "x.pdf") with { OriginalPath = "/share/x.pdf", UpdatedAt = T0.AddHours(1) }, Ct);

        Assert.Equal("new", (await store.FindByPathAsync("/share/x.pdf", Ct))?.Bucket);
    }

    [Fact]
    public async Task PutAsync_NullOptionalFields_RoundTripAsNull()
    {
        var store = CreateSut();
        var record = Record("docs", "bare") with { EventTime = null };

        await store.PutAsync(record, Ct);
        var loaded = await store.GetAsync(record.Id, Ct);

        Assert.NotNull(loaded);
        Assert.Null(loaded.EventTime);
        Assert.Null(loaded.PageCount);
        Assert.Null(loaded.OcrConfidence);
        Assert.Null(loaded.Text);
        Assert.Empty(loaded.ThumbnailKeys);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static DocumentRecord Record(string bucket, string key) => new()
    {
        Id = DocumentId.From(bucket, key),
        Bucket = bucket,
        Key = key,
        Name = key,
        EventTime = T0,
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    private SqliteMetadataStore CreateSut()
    {
        var store = TestStorage.Metadata(_directory.Path);
        _stores.Add(store);
        return store;
    }
}
