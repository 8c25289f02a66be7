using System.Text;
using FileSearch.Core.Errors;
using FileSearch.Testing;

namespace FileSearch.Embedded.Tests.Objects;

[Trait("Category", "Integration")]
public sealed class FolderObjectStoreTests : IDisposable
{
    private readonly TempDirectory _data = new("fs-objects-data");
    private readonly TempDirectory _folder = new("fs-objects-user");
    private readonly TempDirectory _downloads = new("fs-objects-dl");
    private readonly List<FolderObjectStore> _stores = [];

    private static CancellationToken Ct => CancellationToken.None;

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        _data.Dispose();
        _folder.Dispose();
        _downloads.Dispose();
    }

    [Fact]
    public async Task ReadOnlyBucket_ReadsInPlaceAndRefusesWrites()
    {
        var file = Write(_folder.Combine("契約書", "2025 年度 見積書.txt"), "見積");
        var modified = File.GetLastWriteTimeUtc(file);
        var store = CreateSut();
        await store.RegisterBucketAsync("nas", _folder.Path, readOnly: true, Ct);

        var info = await store.DownloadAsync("nas", "契約書/2025 年度 見積書.txt", _downloads.Combine("x.txt"), Ct);
        var put = await Assert.ThrowsAsync<ProcessingException>(
            () => store.PutAsync("nas", "契約書/2025 年度 見積書.txt", new MemoryStream([1]), "text/plain", Ct));
        var delete = await Assert.ThrowsAsync<ProcessingException>(() => store.DeleteAsync("nas", "契約書/2025 年度 見積書.txt", Ct));

        Assert.Equal(Encoding.UTF8.GetByteCount("見積"), info.Size);
        Assert.Equal("見積", await File.ReadAllTextAsync(_downloads.Combine("x.txt"), Ct));
        Assert.Equal(("read-only-bucket", FailureKind.Permanent), (put.Code, put.Kind));
        Assert.Equal("read-only-bucket", delete.Code);
        Assert.Equal("見積", await File.ReadAllTextAsync(file, Ct));
        Assert.Equal(modified, File.GetLastWriteTimeUtc(file));
    }

    [Fact]
    public async Task RegisterBucketAsync_MissingReadOnlyFolder_ThrowsFolderNotFound()
    {
        var error = await Assert.ThrowsAsync<ProcessingException>(
            () => CreateSut().RegisterBucketAsync("nas", _folder.Combine("missing"), readOnly: true, Ct));

        Assert.Equal("folder-not-found", error.Code);
    }

    [Fact]
    public async Task RegisterBucketAsync_LaterStoreOnSameDataDirectory_ResolvesSameBucket()
    {
        var first = CreateSut();
        await first.RegisterBucketAsync("nas", _folder.Path, readOnly: true, Ct);
        await first.RegisterBucketAsync("scratch", _folder.Combine("scratch"), readOnly: false, Ct);
        first.Dispose();

        var later = CreateSut();
        var found = await later.FindBucketAsync("nas", Ct);
        var all = await later.ListBucketsAsync(Ct);

        Assert.Equal(new BucketRegistration("nas", _folder.Path, true, true), found);
        Assert.Equal(["nas", "scratch"], all.Select(b => b.Bucket));
        Assert.True(Directory.Exists(_folder.Combine("scratch")));
        Assert.True(await later.UnregisterBucketAsync("nas", Ct));
        Assert.False(await later.UnregisterBucketAsync("nas", Ct));
        Assert.Null(await later.FindBucketAsync("nas", Ct));
    }

    [Fact]
    public async Task PutAsync_UnregisteredBucket_StoredUnderDataDirectoryObjects()
    {
        var store = CreateSut();

        await store.PutAsync("thumbnails", "ab/cd/1.webp", new MemoryStream([1, 2, 3]), "image/webp", Ct);
        var resolved = await store.ResolveBucketAsync("thumbnails", Ct);

        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(_data.Combine("objects", "thumbnails", "ab", "cd", "1.webp"), Ct));
        Assert.False(resolved.IsRegistered);
        Assert.False(resolved.ReadOnly);
        Assert.Empty(Directory.GetFiles(_data.Combine("objects", "thumbnails", "ab", "cd"), ".fs-put-*"));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Upper")]
    [InlineData("-abc")]
    [InlineData("abc.")]
    [InlineData("a..b")]
    [InlineData("under_score")]
    [InlineData("192.168.1.1")]
    [InlineData("xn--bucket")]
    [InlineData("bucket-s3alias")]
    [InlineData("../etc")]
    public async Task AnyOperation_InvalidBucketName_ThrowsPermanentInvalidBucket(string bucket)
    {
        var store = CreateSut();

        var info = await Assert.ThrowsAsync<ProcessingException>(() => store.GetInfoAsync(bucket, "a.txt", Ct));
        var register = await Assert.ThrowsAsync<ProcessingException>(() => store.RegisterBucketAsync(bucket, _folder.Path, false, Ct));

        Assert.Equal(("invalid-bucket", FailureKind.Permanent), (info.Code, info.Kind));
        Assert.Equal("invalid-bucket", register.Code);
    }

    [Fact]
    public async Task PutAsync_KeyNamingAFolder_ThrowsInvalidKey()
    {
        var store = CreateSut();
        await store.PutAsync("docs", "a/b.txt", new MemoryStream([1]), "text/plain", Ct);

        var error = await Assert.ThrowsAsync<ProcessingException>(() => store.PutAsync("docs", "a", new MemoryStream([1]), "text/plain", Ct));
        await store.DeleteAsync("docs", "a", Ct);

        Assert.Equal("invalid-key", error.Code);
        Assert.NotNull(await store.GetInfoAsync("docs", "a/b.txt", Ct));
    }

    [Fact]
    public async Task DownloadAsync_Cancelled_LeavesNoPartialFile()
    {
        var store = CreateSut();
        await store.PutAsync("docs", "big.bin", new MemoryStream(new byte[1_000_000]), "application/octet-stream", Ct);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var destination = _downloads.Combine("big.bin");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.DownloadAsync("docs", "big.bin", destination, cts.Token));

        Assert.False(File.Exists(destination));
    }

    [Fact]
    public async Task EmptyFile_DownloadIntoNewFolderAndOpenRead_GiveEmptyContent()
    {
        Write(_folder.Combine("empty.txt"), string.Empty);
        var store = CreateSut();
        await store.RegisterBucketAsync("nas", _folder.Path, readOnly: true, Ct);

        var info = await store.DownloadAsync("nas", "empty.txt", _downloads.Combine("new folder", "empty.txt"), Ct);
        await using var stream = await store.OpenReadAsync("nas", "empty.txt", Ct);

        Assert.Equal(0, info.Size);
        Assert.Equal(0, new FileInfo(_downloads.Combine("new folder", "empty.txt")).Length);
        Assert.Equal(-1, stream.ReadByte());
    }

    [Fact]
    public async Task GetInfoAsync_SameFileTwice_SameETagThatChangesWithContent()
    {
        var store = CreateSut();
        await store.PutAsync("docs", "a.txt", new MemoryStream([1]), "text/plain", Ct);
        var first = await store.GetInfoAsync("docs", "a.txt", Ct);
        var again = await store.GetInfoAsync("docs", "a.txt", Ct);

        await store.PutAsync("docs", "a.txt", new MemoryStream([1, 2]), "text/plain", Ct);
        var changed = await store.GetInfoAsync("docs", "a.txt", Ct);

        Assert.Equal(first?.ETag, again?.ETag);
        Assert.NotEqual(first?.ETag, changed?.ETag);
        Assert.StartsWith("2-", changed?.ETag, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_SkipsTemporaryAndInvalidNamesAndMissingBucket()
    {
        Write(_folder.Combine("ok.txt"), "x");
        Write(_folder.Combine(".fs-put-0123.tmp"), "half");
        Write(_folder.Combine("bad\nname.txt"), "x");
        var store = CreateSut();
        await store.RegisterBucketAsync("nas", _folder.Path, readOnly: true, Ct);

        Assert.Equal(["ok.txt"], await ListAsync(store, "nas", null));
        Assert.Empty(await ListAsync(store, "never-written", null));
        await Assert.ThrowsAsync<ProcessingException>(() => ListAsync(store, "nas", "../"));
    }

    [Fact]
    public async Task ListAsync_VeryDeepTree_StopsAtDepthLimit()
    {
        var deep = _folder.Combine([.. Enumerable.Repeat("d", 70)]);
        Write(Path.Combine(deep, "deep.txt"), "x");
        Write(_folder.Combine("top.txt"), "x");
        var store = CreateSut();
        await store.RegisterBucketAsync("nas", _folder.Path, readOnly: true, Ct);

        Assert.Equal(["top.txt"], await ListAsync(store, "nas", null));
    }

    internal static string Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    internal static async Task<List<string>> ListAsync(FolderObjectStore store, string bucket, string? prefix)
    {
        var keys = new List<string>();
        await foreach (var info in store.ListAsync(bucket, prefix, Ct))
        {
            keys.Add(info.Key);
        }

        return keys;
    }

    private FolderObjectStore CreateSut()
    {
        var store = TestStorage.Objects(_data.Path);
        _stores.Add(store);
        return store;
    }
}
