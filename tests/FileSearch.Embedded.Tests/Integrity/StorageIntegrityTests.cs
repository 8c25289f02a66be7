using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline.Reindexing;
using FileSearch.Core.Ports;
using FileSearch.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Embedded.Tests.Integrity;

/// <summary>
/// Damaged SQLite files of a data directory are found before a worker takes a message, and reported with the file and how
/// to recover it; nothing is emptied or recreated. Two kinds of damage, written into real databases: a header that is
/// not SQLite's (a file overwritten from its start) and a b-tree page overwritten in the middle of the file.
/// </summary>
[Trait("Category", "Resilience")]
public sealed class StorageIntegrityTests : IDisposable
{
    private const int PageSize = 4096;
    private readonly TempDirectory _temp = new("fs-integrity");

    private static CancellationToken Ct => CancellationToken.None;

    private IOptions<EmbeddedStorageOptions> Options => Microsoft.Extensions.Options.Options.Create(new EmbeddedStorageOptions { DataDirectory = _temp.Path });

    public void Dispose() => _temp.Dispose();

    /// <summary>A queue and a metadata store with some content, closed so their files can be damaged.</summary>
    private async Task FillAsync()
    {
        await using (var queue = new SqliteMessageQueue(Options, TimeProvider.System, NullLogger<SqliteMessageQueue>.Instance))
        {
            await queue.SendBatchAsync([.. Enumerable.Range(0, 200).Select(i => $$"""{"s3Bucket":"docs","s3Key":"契約/{{i}}.pdf"}""")], Ct);
        }

        using var metadata = new SqliteMetadataStore(Options);
        for (var i = 0; i < 60; i++)
        {
            await metadata.PutAsync(new DocumentRecord
            {
                Id = DocumentId.From("docs", $"報告書{i}.pdf"),
                Bucket = "docs",
                Key = $"報告書{i}.pdf",
                Name = $"報告書{i}.pdf",
                Status = DocumentStatus.Indexed,
                EventTime = DateTimeOffset.UnixEpoch.AddDays(i),
                Text = string.Concat(Enumerable.Repeat($"第{i}四半期の営業報告 ", 300)),
            }, Ct);
        }
    }

    private void Overwrite(string file, long offset, byte[] bytes)
    {
        using var stream = new FileStream(Path.Combine(_temp.Path, file), FileMode.Open, FileAccess.Write);
        stream.Seek(offset, SeekOrigin.Begin);
        stream.Write(bytes);
    }

    private async Task<IStorageIntegrity[]> OpenStoresAsync()
    {
        await Task.Yield();
        return [new SqliteMessageQueue(Options, TimeProvider.System, NullLogger<SqliteMessageQueue>.Instance), new SqliteMetadataStore(Options)];
    }

    [Fact]
    public async Task FindDamageAsync_SoundDatabases_Null()
    {
        await FillAsync();

        foreach (var store in await OpenStoresAsync())
        {
            Assert.Null(await store.FindDamageAsync(thorough: true, Ct));
            Assert.Null(await store.FindDamageAsync(thorough: false, Ct));
            ((IDisposable)store).Dispose();
        }
    }

    [Fact]
    public async Task StartAsync_QueueHeaderOverwritten_RefusesNamingTheFileAndKeepsIt()
    {
        await FillAsync();
        var length = new FileInfo(Path.Combine(_temp.Path, "queue.db")).Length;
        Overwrite("queue.db", 0, "これはデータベースではありません________"u8.ToArray());
        var stores = await OpenStoresAsync();

        var ex = await Assert.ThrowsAsync<StorageDamagedException>(() =>
            new StorageCheckService(stores, TimeProvider.System, NullLogger<StorageCheckService>.Instance).StartAsync(Ct));

        Assert.Equal("queue", ex.StoreName);
        Assert.Equal(Path.Combine(_temp.Path, "queue.db"), ex.Location);
        Assert.Contains("not a database", ex.Message, StringComparison.Ordinal);
        Assert.Contains(".recover", ex.Message, StringComparison.Ordinal);
        Assert.Equal(FailureKind.Retryable, ex.Kind);
        Assert.Equal(length, new FileInfo(Path.Combine(_temp.Path, "queue.db")).Length);
        foreach (var store in stores)
        {
            ((IDisposable)store).Dispose();
        }
    }

    [Fact]
    public async Task FindDamageAsync_MetadataPageOverwritten_ReportsTheDamage()
    {
        await FillAsync();
        var pages = new FileInfo(Path.Combine(_temp.Path, "metadata.db")).Length / PageSize;
        Overwrite("metadata.db", PageSize * (pages / 2), Enumerable.Repeat((byte)0xEE, PageSize).ToArray());
        Overwrite("metadata.db", PageSize, [0x0D, 0xFF, 0xFF, 0xFF, .. Enumerable.Repeat((byte)0xEE, 200)]);
        using var metadata = new SqliteMetadataStore(Options);

        var damage = await metadata.FindDamageAsync(thorough: true, Ct);

        Assert.NotNull(damage);
        Assert.Equal("metadata store", metadata.StoreName);
    }

    /// <summary>
    /// Every page is read after an unclean end of the last worker (no mark: killed, crashed, power lost); after a clean
    /// stop only the header and schema are, so the same damaged page passes the start check.
    /// </summary>
    [Fact]
    public async Task StartAsync_PageOverwritten_FoundAfterAnUncleanStopOnly()
    {
        await FillAsync();
        var pages = new FileInfo(Path.Combine(_temp.Path, "metadata.db")).Length / PageSize;
        var stores = await OpenStoresAsync();
        var check = new StorageCheckService(stores, TimeProvider.System, NullLogger<StorageCheckService>.Instance);
        await check.StartAsync(Ct);
        await check.StopAsync(Ct);
        foreach (var store in stores)
        {
            ((IDisposable)store).Dispose();
        }

        Assert.True(File.Exists(Path.Combine(_temp.Path, "metadata.db.clean-stop")));
        Overwrite("metadata.db", PageSize * (pages / 2), Enumerable.Repeat((byte)0xEE, PageSize).ToArray());
        Overwrite("metadata.db", PageSize, [0x0D, 0xFF, 0xFF, 0xFF, .. Enumerable.Repeat((byte)0xEE, 200)]);

        // After the clean stop: the header check passes and the mark is taken (a worker now uses the files).
        stores = await OpenStoresAsync();
        await new StorageCheckService(stores, TimeProvider.System, NullLogger<StorageCheckService>.Instance).StartAsync(Ct);
        Assert.False(File.Exists(Path.Combine(_temp.Path, "metadata.db.clean-stop")));

        // That worker was killed (no StopAsync): the next start reads every page and refuses.
        var ex = await Assert.ThrowsAsync<StorageDamagedException>(() =>
            new StorageCheckService(stores, TimeProvider.System, NullLogger<StorageCheckService>.Instance).StartAsync(Ct));
        Assert.Equal("metadata store", ex.StoreName);
        foreach (var store in stores)
        {
            ((IDisposable)store).Dispose();
        }
    }
}
