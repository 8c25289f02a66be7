using System.Text;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;

namespace FileSearch.Testing.Conformance;

/// <summary>The <see cref="IObjectStore"/> contract (S3 semantics), run against every adapter.</summary>
public abstract class ObjectStoreConformanceTests : IAsyncLifetime
{
    private readonly TempDirectory _downloads = new("fs-conformance-dl");

    protected static CancellationToken Ct => CancellationToken.None;

    /// <summary>True when keys that look like paths (<c>../x</c>, <c>/x</c>) or hold control characters are refused with
    /// <c>invalid-key</c>; false for stores where every key is an opaque name (S3), which must then store them as such.</summary>
    protected virtual bool RejectsUnsafeKeys => true;

    /// <summary>Creates an empty store and the name of a writable bucket in it.</summary>
    protected abstract Task<(IObjectStore Store, string Bucket)> CreateStoreAsync();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync()
    {
        _downloads.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task PutAsync_ThenGetInfo_ReturnsSizeAndETag()
    {
        var (store, bucket) = await CreateStoreAsync();

        await PutTextAsync(store, bucket, "reports/2025/summary.txt", "hello");
        var info = await store.GetInfoAsync(bucket, "reports/2025/summary.txt", Ct);

        Assert.NotNull(info);
        Assert.Equal("reports/2025/summary.txt", info.Key);
        Assert.Equal(5, info.Size);
        Assert.False(string.IsNullOrEmpty(info.ETag));
    }

    [Fact]
    public async Task OpenReadAsync_AfterPut_ReturnsSameBytes()
    {
        var (store, bucket) = await CreateStoreAsync();
        await PutTextAsync(store, bucket, "契約書/2025 年度 契約.txt", "本文です");

        await using var stream = await store.OpenReadAsync(bucket, "契約書/2025 年度 契約.txt", Ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);

        Assert.Equal("本文です", await reader.ReadToEndAsync(Ct));
    }

    [Fact]
    public async Task DownloadAsync_ExistingObject_WritesFileAndReturnsInfo()
    {
        var (store, bucket) = await CreateStoreAsync();
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)(i % 251)).ToArray();
        await store.PutAsync(bucket, "big.bin", new MemoryStream(bytes), "application/octet-stream", Ct);
        var destination = _downloads.Combine("big.bin");

        var info = await store.DownloadAsync(bucket, "big.bin", destination, Ct);

        Assert.Equal(bytes.Length, info.Size);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(destination, Ct));
    }

    [Fact]
    public async Task DownloadAsync_MissingObject_ThrowsPermanentObjectNotFound()
    {
        var (store, bucket) = await CreateStoreAsync();

        var error = await Assert.ThrowsAsync<ProcessingException>(
            () => store.DownloadAsync(bucket, "missing.pdf", _downloads.Combine("missing.pdf"), Ct));

        AssertPermanent(error, "object-not-found");
    }

    [Fact]
    public async Task OpenReadAsync_MissingObject_ThrowsPermanentObjectNotFound()
    {
        var (store, bucket) = await CreateStoreAsync();

        var error = await Assert.ThrowsAsync<ProcessingException>(() => store.OpenReadAsync(bucket, "nope/missing.txt", Ct));

        AssertPermanent(error, "object-not-found");
    }

    [Fact]
    public async Task GetInfoAsync_MissingObject_ReturnsNull()
    {
        var (store, bucket) = await CreateStoreAsync();

        Assert.Null(await store.GetInfoAsync(bucket, "missing.txt", Ct));
    }

    [Fact]
    public async Task PutAsync_ExistingKey_ReplacesContent()
    {
        var (store, bucket) = await CreateStoreAsync();
        await PutTextAsync(store, bucket, "a.txt", "first version");

        await PutTextAsync(store, bucket, "a.txt", "second");
        await using var stream = await store.OpenReadAsync(bucket, "a.txt", Ct);
        using var reader = new StreamReader(stream);

        Assert.Equal("second", await reader.ReadToEndAsync(Ct));
    }

    [Fact]
    public async Task DeleteAsync_ExistingAndMissing_RemovesWithoutError()
    {
        var (store, bucket) = await CreateStoreAsync();
        await PutTextAsync(store, bucket, "doomed.txt", "x");

        await store.DeleteAsync(bucket, "doomed.txt", Ct);
        await store.DeleteAsync(bucket, "doomed.txt", Ct);
        await store.DeleteAsync(bucket, "never/existed.txt", Ct);

        Assert.Null(await store.GetInfoAsync(bucket, "doomed.txt", Ct));
    }

    [Fact]
    public async Task ListAsync_NestedKeys_RecursiveInKeyOrder()
    {
        var (store, bucket) = await CreateStoreAsync();
        string[] keys = ["b.txt", "a/c.txt", "a/b/d.txt", "a-x.txt", "日本語/契約書 2025.pdf", "a/b.txt"];
        foreach (var key in keys)
        {
            await PutTextAsync(store, bucket, key, key);
        }

        var listed = await ListKeysAsync(store, bucket, null);

        Assert.Equal(keys.Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task ListAsync_WithPrefix_OnlyMatchingKeys()
    {
        var (store, bucket) = await CreateStoreAsync();
        foreach (var key in new[] { "docs/report-1.pdf", "docs/report-2.pdf", "docs/other.pdf", "docs2/report.pdf", "report.pdf" })
        {
            await PutTextAsync(store, bucket, key, "x");
        }

        Assert.Equal(["docs/report-1.pdf", "docs/report-2.pdf"], await ListKeysAsync(store, bucket, "docs/rep"));
        Assert.Equal(["docs/other.pdf", "docs/report-1.pdf", "docs/report-2.pdf"], await ListKeysAsync(store, bucket, "docs/"));
        Assert.Empty(await ListKeysAsync(store, bucket, "nothing/here"));
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("a/../../escape.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("./a.txt")]
    [InlineData("a//b.txt")]
    public async Task PutAsync_PathLikeKey_RejectedOrKeptInsideBucket(string key)
    {
        var (store, bucket) = await CreateStoreAsync();

        if (RejectsUnsafeKeys)
        {
            var error = await Assert.ThrowsAsync<ProcessingException>(() => PutTextAsync(store, bucket, key, "x"));
            AssertPermanent(error, "invalid-key");
        }
        else
        {
            await PutTextAsync(store, bucket, key, "x");
            Assert.Equal(1, (await store.GetInfoAsync(bucket, key, Ct))?.Size);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("nul\0byte.txt")]
    [InlineData("line\nbreak.txt")]
    public async Task DownloadAsync_InvalidKey_ThrowsPermanentInvalidKey(string key)
    {
        var (store, bucket) = await CreateStoreAsync();
        if (key.Length > 0 && !RejectsUnsafeKeys)
        {
            return;
        }

        var error = await Assert.ThrowsAsync<ProcessingException>(() => store.DownloadAsync(bucket, key, _downloads.Combine("x"), Ct));

        AssertPermanent(error, "invalid-key");
    }

    protected static async Task PutTextAsync(IObjectStore store, string bucket, string key, string text) =>
        await store.PutAsync(bucket, key, new MemoryStream(Encoding.UTF8.GetBytes(text)), "text/plain", Ct);

    protected static async Task<List<string>> ListKeysAsync(IObjectStore store, string bucket, string? prefix)
    {
        var keys = new List<string>();
        await foreach (var info in store.ListAsync(bucket, prefix, Ct))
        {
            keys.Add(info.Key);
        }

        return keys;
    }

    protected static void AssertPermanent(ProcessingException error, string code)
    {
        Assert.Equal(FailureKind.Permanent, error.Kind);
        Assert.Equal(code, error.Code);
    }
}
