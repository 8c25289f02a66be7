using System.Globalization;
using System.Runtime.CompilerServices;
using FileSearch.Core.Ports;
using FileSearch.Embedded.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Embedded;

/// <summary>
/// Object storage on local folders: a bucket is a folder, a key a '/'-separated relative path.
/// Registered buckets (see <see cref="RegisterBucketAsync"/>) map to any folder, possibly read-only;
/// any other bucket maps to <c>{DataDirectory}/objects/{bucket}</c>. No key, and no symbolic link,
/// can reach outside the bucket's folder. The content type of a put is not kept (files have none).
/// Files of zero length are never opened, so FIFOs and devices in a folder cannot hang a reader.
/// </summary>
public sealed partial class FolderObjectStore : IObjectStore, IDisposable, IAsyncDisposable
{
    private const int BufferSize = 81920;
    private const string TemporaryPrefix = ".fs-put-";

    private readonly BucketRegistry _registry;
    private readonly string _objectsDirectory;
    private readonly ILogger<FolderObjectStore> _logger;

    public FolderObjectStore(IOptions<EmbeddedStorageOptions> options, ILogger<FolderObjectStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _registry = new BucketRegistry(
            new SqliteDatabase(Path.Combine(value.FullDataDirectory, "buckets.db"), "bucket registry", value.BusyTimeout, BucketRegistry.Migrations));
        _objectsDirectory = Path.Combine(value.FullDataDirectory, "objects");
        _logger = logger;
    }

    /// <summary>
    /// Maps <paramref name="bucket"/> to <paramref name="rootPath"/> for every process using this data directory
    /// (registering again replaces the mapping). A writable folder is created when missing; a read-only one must exist.
    /// </summary>
    public async Task<BucketRegistration> RegisterBucketAsync(string bucket, string rootPath, bool readOnly, CancellationToken cancellationToken)
    {
        BucketName.Validate(bucket);
        ArgumentException.ThrowIfNullOrWhiteSpace(rootPath);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootPath));
        if (readOnly && !Directory.Exists(root))
        {
            throw StorageErrors.FolderNotFound(root);
        }

        Directory.CreateDirectory(root);
        var registration = new BucketRegistration(bucket, root, readOnly, IsRegistered: true);
        await _registry.UpsertAsync(registration, cancellationToken).ConfigureAwait(false);
        Log.BucketRegistered(_logger, bucket, root, readOnly);
        return registration;
    }

    /// <summary>Forgets a registered bucket (its folder is left alone). Returns false when it was not registered.</summary>
    public Task<bool> UnregisterBucketAsync(string bucket, CancellationToken cancellationToken)
    {
        BucketName.Validate(bucket);
        return _registry.RemoveAsync(bucket, cancellationToken);
    }

    /// <summary>The registration of <paramref name="bucket"/>, or null when it was never registered.</summary>
    public Task<BucketRegistration?> FindBucketAsync(string bucket, CancellationToken cancellationToken)
    {
        BucketName.Validate(bucket);
        return _registry.FindAsync(bucket, cancellationToken);
    }

    /// <summary>Where <paramref name="bucket"/> lives: its registration, or the writable default folder.</summary>
    public async Task<BucketRegistration> ResolveBucketAsync(string bucket, CancellationToken cancellationToken) =>
        await FindBucketAsync(bucket, cancellationToken).ConfigureAwait(false)
        ?? new BucketRegistration(bucket, Path.Combine(_objectsDirectory, bucket), ReadOnly: false, IsRegistered: false);

    /// <summary>All registered buckets, by name.</summary>
    public async Task<IReadOnlyList<BucketRegistration>> ListBucketsAsync(CancellationToken cancellationToken) =>
        await _registry.ListAsync(cancellationToken).ConfigureAwait(false);

    public IAsyncEnumerable<ObjectInfo> ListAsync(string bucket, string? prefix, CancellationToken cancellationToken) =>
        ListAsync(bucket, prefix, skipped: null, cancellationToken);

    /// <summary>
    /// Lists the regular files of <paramref name="bucket"/> as objects, and reports every other entry (special files,
    /// links out of the folder or dangling, invalid names, unreadable folders) to <paramref name="skipped"/> with its reason.
    /// </summary>
    public async IAsyncEnumerable<ObjectInfo> ListAsync(string bucket, string? prefix, Action<SkippedEntry>? skipped,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folders = ObjectKey.PrefixFolders(prefix);
        var registration = await ResolveBucketAsync(bucket, cancellationToken).ConfigureAwait(false);
        var rootReal = RealPath.Resolve(registration.RootPath);
        var start = RealPath.Resolve(Path.Join([rootReal, .. folders]));
        if (!RealPath.IsInside(rootReal, start) || !Directory.Exists(start))
        {
            yield break;
        }

        var keyPrefix = folders.Length == 0 ? string.Empty : string.Join('/', folders) + "/";
        var lister = new FolderLister(bucket, rootReal, _logger, skipped);
        foreach (var info in lister.List(start, keyPrefix, prefix ?? string.Empty, cancellationToken))
        {
            yield return info;
        }
    }

    /// <summary>Files carry no user metadata: <see cref="ObjectInfo.Metadata"/> is always null here.</summary>
    public bool KeepsMetadata => false;

    public void Dispose() => _registry.Dispose();

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal static bool IsTemporaryName(string name) => name.StartsWith(TemporaryPrefix, StringComparison.Ordinal);

    internal static ObjectInfo Describe(string key, FileInfo file)
    {
        var modified = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
        return new ObjectInfo(key, file.Length, modified, string.Create(CultureInfo.InvariantCulture, $"{file.Length:x}-{modified.UtcTicks:x}"));
    }
}
