using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Embedded.Permissions;
using FileSearch.Testing;
using FileSearch.Testing.StandIns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Aws.Tests;

[Trait("Category", "Integration")]
[Collection(AwsStandInCollection.Name)]
public sealed class S3FolderSyncTests(AwsStandIns standIns) : IDisposable
{
    private static CancellationToken Ct => CancellationToken.None;

    private readonly TempDirectory _nas = new("fs-nas");

    public void Dispose() => _nas.Dispose();

    [Fact]
    public async Task SyncAsync_FirstThenAgain_UploadsOnceThenSkipsUnchanged()
    {
        var (sync, store, bucket) = await CreateSutAsync();
        Write("契約書/2025/売買契約書.txt", "本文");
        Write("report.txt", "report");
        Write(".hidden/secret.txt", "no");
        var reports = new List<SyncProgress>();

        var first = await sync.SyncAsync(_nas.Path, bucket, "nas/", delete: false, new SyncReporter(reports), Ct);
        var second = await sync.SyncAsync(_nas.Path, bucket, "nas", delete: false, null, Ct);

        Assert.Equal((2, 0), (first.Uploaded, first.Skipped));
        Assert.Equal((0, 2), (second.Uploaded, second.Skipped));
        Assert.NotNull(await store.GetInfoAsync(bucket, "nas/契約書/2025/売買契約書.txt", Ct));
        Assert.Null(await store.GetInfoAsync(bucket, "nas/.hidden/secret.txt", Ct));
        Assert.Equal([1, 2], reports.Select(r => r.Done));
    }

    [Fact]
    public async Task SyncAsync_ChangedFileAndRemovedFile_ReuploadsAndDeletesOnlyWithDelete()
    {
        var (sync, store, bucket) = await CreateSutAsync();
        Write("a.txt", "one");
        Write("b.txt", "two");
        await sync.SyncAsync(_nas.Path, bucket, null, delete: false, null, Ct);
        Write("a.txt", "changed size");
        File.Delete(_nas.Combine("b.txt"));

        var keep = await sync.SyncAsync(_nas.Path, bucket, null, delete: false, null, Ct);
        var prune = await sync.SyncAsync(_nas.Path, bucket, null, delete: true, null, Ct);

        Assert.Equal((1, 0), (keep.Uploaded, keep.Deleted));
        Assert.Equal((0, 1, 1), (prune.Uploaded, prune.Skipped, prune.Deleted));
        Assert.Equal(12, (await store.GetInfoAsync(bucket, "a.txt", Ct))?.Size);
        Assert.Null(await store.GetInfoAsync(bucket, "b.txt", Ct));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task SyncAsync_WithPermissionSource_StoresPermissionsAndReplacesThemInPlaceAfterChmod()
    {
        Assert.True(OperatingSystem.IsLinux(), "POSIX permissions are read on Linux");
        var (_, store, bucket) = await CreateSutAsync();
        var sync = new S3FolderSync(store, TimeProvider.System, new PosixPermissionSource());
        Write("営業/見積書.txt", "見積");
        Write("公開.txt", "公開");
        File.SetUnixFileMode(_nas.Path, (UnixFileMode)Convert.ToInt32("755", 8));
        File.SetUnixFileMode(_nas.Combine("営業"), (UnixFileMode)Convert.ToInt32("755", 8));
        File.SetUnixFileMode(_nas.Combine("営業", "見積書.txt"), (UnixFileMode)Convert.ToInt32("644", 8));
        File.SetUnixFileMode(_nas.Combine("公開.txt"), (UnixFileMode)Convert.ToInt32("644", 8));

        var first = await sync.SyncAsync(_nas.Path, bucket, "nas", delete: false, null, Ct);
        var before = await store.GetInfoAsync(bucket, "nas/営業/見積書.txt", Ct);
        File.SetUnixFileMode(_nas.Combine("営業", "見積書.txt"), (UnixFileMode)Convert.ToInt32("600", 8));
        var second = await sync.SyncAsync(_nas.Path, bucket, "nas", delete: false, null, Ct);
        var after = await store.GetInfoAsync(bucket, "nas/営業/見積書.txt", Ct);
        var third = await sync.SyncAsync(_nas.Path, bucket, "nas", delete: false, null, Ct);

        Assert.Equal(2, first.Uploaded);
        Assert.Contains(Principal.Everyone, ObjectPermissions.Decode(before!.Metadata)!.AllowedPrincipals);
        Assert.Equal((0, 1, 1), (second.Uploaded, second.Skipped, second.PermissionsUpdated));
        Assert.Equal(new PosixPermissionSource().Open(_nas.Path).Read(_nas.Combine("営業", "見積書.txt")), ObjectPermissions.Decode(after!.Metadata));
        Assert.DoesNotContain(Principal.Everyone, ObjectPermissions.Decode(after.Metadata)!.AllowedPrincipals);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(before.Metadata!["mtime"], after.Metadata!["mtime"]);
        Assert.Equal((0, 2, 0), (third.Uploaded, third.Skipped, third.PermissionsUpdated));
    }

    [Fact]
    public async Task SyncAsync_UnchangedFilesPermissionsChangedLongBeforeTheUpload_NotComparedOtherwiseCompared()
    {
        var (_, store, bucket) = await CreateSutAsync();
        Write("a.txt", "a");
        var first = new StubPermissions(DocumentPermissions.Allowing(PermissionSource.Mode, "everyone"), changed: null);
        await new S3FolderSync(store, TimeProvider.System, first).SyncAsync(_nas.Path, bucket, null, delete: false, null, Ct);
        var narrowed = DocumentPermissions.Allowing(PermissionSource.Mode, "user:alice");

        var old = await new S3FolderSync(store, TimeProvider.System, new StubPermissions(narrowed, TimeProvider.System.GetUtcNow().AddHours(-1)))
            .SyncAsync(_nas.Path, bucket, null, delete: false, null, Ct);
        var unknown = await new S3FolderSync(store, TimeProvider.System, new StubPermissions(narrowed, changed: null))
            .SyncAsync(_nas.Path, bucket, null, delete: false, null, Ct);

        Assert.Equal((1, 0), (old.Skipped, old.PermissionsUpdated));
        Assert.Equal((0, 1), (unknown.Skipped, unknown.PermissionsUpdated));
        Assert.Equal(narrowed, ObjectPermissions.Decode((await store.GetInfoAsync(bucket, "a.txt", Ct))!.Metadata));
    }

    [Fact]
    public async Task SyncAsync_MissingFolder_Throws()
    {
        var (sync, _, bucket) = await CreateSutAsync();

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => sync.SyncAsync(_nas.Combine("nope"), bucket, null, false, null, Ct));
    }

    private void Write(string relative, string text)
    {
        var path = _nas.Combine(relative.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    }

    private async Task<(S3FolderSync Sync, S3ObjectStore Store, string Bucket)> CreateSutAsync()
    {
        var bucket = AwsStandIns.UniqueName("sync");
        await standIns.Setup.CreateBucketAsync(bucket, Ct);
        var store = new S3ObjectStore(standIns.S3, Options.Create(standIns.Options), TimeProvider.System, NullLogger<S3ObjectStore>.Instance);
        return (new S3FolderSync(store, TimeProvider.System), store, bucket);
    }

    /// <summary>A permission source with fixed answers: what the file system would say, and when it last changed.</summary>
    private sealed class StubPermissions(DocumentPermissions permissions, DateTimeOffset? changed) : IPermissionSource, IPermissionReader
    {
        public IPermissionReader Open(string root) => this;

        public DocumentPermissions? Read(string path) => permissions;

        public DateTimeOffset? LastChanged(string path) => changed;
    }

    private sealed class SyncReporter(List<SyncProgress> reports) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => reports.Add(value);
    }
}
