using System.Diagnostics;
using FileSearch.Core.Errors;
using FileSearch.Testing;
using static FileSearch.Embedded.Tests.Objects.FolderObjectStoreTests;

namespace FileSearch.Embedded.Tests.Objects;

/// <summary>Symbolic links and special files in a bucket folder: nothing outside the folder is ever read or written.</summary>
[Trait("Category", "Integration")]
public sealed class FolderObjectStoreLinkTests : IDisposable
{
    private readonly TempDirectory _data = new("fs-links-data");
    private readonly TempDirectory _bucket = new("fs-links-bucket");
    private readonly TempDirectory _outside = new("fs-links-outside");
    private readonly TempDirectory _downloads = new("fs-links-dl");
    private readonly FolderObjectStore _store;

    public FolderObjectStoreLinkTests()
    {
        _store = TestStorage.Objects(_data.Path);
        Write(_outside.Combine("secret.txt"), "secret");
        Write(_bucket.Combine("inside.txt"), "inside");
    }

    private static CancellationToken Ct => CancellationToken.None;

    public void Dispose()
    {
        _store.Dispose();
        _data.Dispose();
        _bucket.Dispose();
        _outside.Dispose();
        _downloads.Dispose();
    }

    [Fact]
    public async Task FileLinkOutsideBucket_ReadRefusedAndNotListed()
    {
        File.CreateSymbolicLink(_bucket.Combine("escape.txt"), _outside.Combine("secret.txt"));
        await _store.RegisterBucketAsync("nas", _bucket.Path, readOnly: true, Ct);

        var download = await Assert.ThrowsAsync<ProcessingException>(
            () => _store.DownloadAsync("nas", "escape.txt", _downloads.Combine("x"), Ct));
        var info = await Assert.ThrowsAsync<ProcessingException>(() => _store.GetInfoAsync("nas", "escape.txt", Ct));

        Assert.Equal(("invalid-key", FailureKind.Permanent), (download.Code, download.Kind));
        Assert.Equal("invalid-key", info.Code);
        Assert.False(File.Exists(_downloads.Combine("x")));
        Assert.Equal(["inside.txt"], await ListAsync(_store, "nas", null));
    }

    [Fact]
    public async Task FolderLinkOutsideBucket_WritesRefusedAndNothingWrittenOutside()
    {
        Directory.CreateSymbolicLink(_bucket.Combine("out"), _outside.Path);
        await _store.RegisterBucketAsync("scratch", _bucket.Path, readOnly: false, Ct);

        var put = await Assert.ThrowsAsync<ProcessingException>(
            () => _store.PutAsync("scratch", "out/planted.txt", new MemoryStream([1]), "text/plain", Ct));
        var delete = await Assert.ThrowsAsync<ProcessingException>(() => _store.DeleteAsync("scratch", "out/secret.txt", Ct));

        Assert.Equal("invalid-key", put.Code);
        Assert.Equal("invalid-key", delete.Code);
        Assert.False(File.Exists(_outside.Combine("planted.txt")));
        Assert.True(File.Exists(_outside.Combine("secret.txt")));
        Assert.Equal(["inside.txt"], await ListAsync(_store, "scratch", null));
    }

    [Fact]
    public async Task LinksInsideBucket_FollowedOnceEvenWithCycle()
    {
        Write(_bucket.Combine("real", "doc.txt"), "doc");
        Directory.CreateSymbolicLink(_bucket.Combine("alias"), _bucket.Combine("real"));
        Directory.CreateSymbolicLink(_bucket.Combine("real", "loop"), _bucket.Path);
        File.CreateSymbolicLink(_bucket.Combine("shortcut.txt"), "inside.txt");
        File.CreateSymbolicLink(_bucket.Combine("dangling.txt"), "nowhere.txt");
        await _store.RegisterBucketAsync("nas", _bucket.Path, readOnly: true, Ct);

        var keys = await ListAsync(_store, "nas", null).WaitAsync(TimeSpan.FromSeconds(20));
        await using var stream = await _store.OpenReadAsync("nas", "shortcut.txt", Ct);

        Assert.Equal(["alias/doc.txt", "inside.txt", "shortcut.txt"], keys);
        Assert.Equal("inside", await new StreamReader(stream).ReadToEndAsync(Ct));
    }

    [Fact]
    public async Task PutAndDelete_KeyIsLink_ReplaceOrRemoveTheLinkNotItsTarget()
    {
        File.CreateSymbolicLink(_bucket.Combine("escape.txt"), _outside.Combine("secret.txt"));
        File.CreateSymbolicLink(_bucket.Combine("shortcut.txt"), _bucket.Combine("inside.txt"));
        await _store.RegisterBucketAsync("scratch", _bucket.Path, readOnly: false, Ct);

        await _store.PutAsync("scratch", "shortcut.txt", new MemoryStream("new"u8.ToArray()), "text/plain", Ct);
        await _store.DeleteAsync("scratch", "escape.txt", Ct);

        Assert.Null(new FileInfo(_bucket.Combine("shortcut.txt")).LinkTarget);
        Assert.Equal("inside", await File.ReadAllTextAsync(_bucket.Combine("inside.txt"), Ct));
        Assert.False(File.Exists(_bucket.Combine("escape.txt")));
        Assert.Equal("secret", await File.ReadAllTextAsync(_outside.Combine("secret.txt"), Ct));
    }

    [Fact]
    public async Task BucketRootIsLink_ObjectsResolvedThroughIt()
    {
        var link = _data.Combine("root-link");
        Directory.CreateSymbolicLink(link, _bucket.Path);
        await _store.RegisterBucketAsync("nas", link, readOnly: true, Ct);

        var info = await _store.GetInfoAsync("nas", "inside.txt", Ct);

        Assert.Equal(6, info?.Size);
    }

    [Fact]
    public async Task Fifo_DownloadDoesNotHang()
    {
        var fifo = _bucket.Combine("pipe");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }

        await _store.RegisterBucketAsync("nas", _bucket.Path, readOnly: true, Ct);

        var info = await _store.DownloadAsync("nas", "pipe", _downloads.Combine("pipe"), Ct).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, info.Size);
    }

    [Fact]
    public async Task ListAsync_SpecialFilesLinksAndInvalidNames_EachReportedWithItsReason()
    {
        Directory.CreateDirectory(_bucket.Combine("folder"));
        Write(_bucket.Combine("folder", "a.txt"), "a");
        await RunAsync("mkfifo", _bucket.Combine("pipe"));
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(_bucket.Combine("socket")));
        File.CreateSymbolicLink(_bucket.Combine("dangling.txt"), _bucket.Combine("missing.txt"));
        File.CreateSymbolicLink(_bucket.Combine("escape.txt"), _outside.Combine("secret.txt"));
        Directory.CreateSymbolicLink(_bucket.Combine("escape-folder"), _outside.Path);
        Directory.CreateSymbolicLink(_bucket.Combine("same-folder"), _bucket.Combine("folder"));
        File.CreateSymbolicLink(_bucket.Combine("loop-a"), _bucket.Combine("loop-b"));
        File.CreateSymbolicLink(_bucket.Combine("loop-b"), _bucket.Combine("loop-a"));
        File.CreateSymbolicLink(_bucket.Combine("inside-link.txt"), _bucket.Combine("inside.txt"));
        // A name that is not UTF-8 (Latin-1 "café"): .NET cannot write it, python can.
        await RunAsync("python3", "-c", "import sys; open(sys.argv[1].encode() + b'/caf\\xe9.txt', 'wb').write(b'x')", _bucket.Path);
        await _store.RegisterBucketAsync("nas", _bucket.Path, readOnly: true, Ct);

        var skipped = new List<SkippedEntry>();
        var keys = new List<string>();
        try
        {
            await foreach (var info in _store.ListAsync("nas", null, skipped.Add, Ct))
            {
                keys.Add(info.Key);
            }
        }
        finally
        {
            // .NET cannot delete a name it cannot decode, so the temp folder's cleanup would leave it behind.
            await RunAsync("python3", "-c", "import os, sys; os.remove(sys.argv[1].encode() + b'/caf\\xe9.txt')", _bucket.Path);
        }

        Assert.Equal(["folder/a.txt", "inside-link.txt", "inside.txt"], keys);
        var reasons = skipped.ToDictionary(s => s.Key.Contains('\uFFFD', StringComparison.Ordinal) ? "invalid" : s.Key, s => s.Code);
        Assert.Equal("special-file", reasons["pipe"]);
        Assert.Equal("special-file", reasons["socket"]);
        Assert.Equal("broken-link", reasons["dangling.txt"]);
        Assert.Equal("link-outside-folder", reasons["escape.txt"]);
        Assert.Equal("link-outside-folder", reasons["escape-folder"]);
        Assert.Equal("link-loop", reasons["same-folder"]);
        Assert.Equal("link-loop", reasons["loop-a"]);
        Assert.Equal("link-loop", reasons["loop-b"]);
        Assert.Equal("invalid-name", reasons["invalid"]);
        Assert.Equal(9, skipped.Count);
    }

    private static async Task RunAsync(string program, params string[] args)
    {
        using var process = Process.Start(program, args);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, process.ExitCode);
    }
}
