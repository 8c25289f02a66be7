using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Embedded;

namespace FileSearch.Hosting.Ingest;

/// <summary>
/// Compares a folder (registered as a read-only bucket) with the metadata store: new or modified files
/// (size + mtime ETag differs) get a created event, files gone since the last run get a deleted event,
/// the rest is left alone. With a permission source, each file's permissions are read (and sent with its event as
/// <c>metadata.acl</c>): a file whose content is unchanged but whose permissions (after path rules and aliases) differ from
/// the stored ones gets a created event too, which the pipeline handles without extracting the file again.
/// With <c>folders</c>, entries that are not regular files inside the folder (special files, links out of it or dangling,
/// invalid names, unreadable folders) are returned in <see cref="IngestPlan.Skipped"/> with their reasons.
/// Event times come from <c>eventClock</c> when given (never backwards across runs) and are always later than the time of
/// the file's stored state, so a wall clock stepped backwards cannot make a new version look older than the stored one.
/// </summary>
public sealed class IngestPlanner(
    IObjectStore objects,
    IMetadataStore metadata,
    TimeProvider timeProvider,
    IPermissionSource? permissionSource = null,
    PermissionResolver? permissionResolver = null,
    FolderObjectStore? folders = null,
    EventClock? eventClock = null)
{
    /// <summary>A stable, valid bucket name for a local folder: its sanitised name plus a hash of the full path.</summary>
    public static string BucketFor(string folder)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..10];
        var name = new string([.. Path.GetFileName(full).ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        name = name.Length > 40 ? name[..40].Trim('-') : name;
        return name.Length >= 2 ? $"{name}-{hash}" : $"folder-{hash}";
    }

    public async Task<IngestPlan> PlanAsync(string bucket, string root, CancellationToken cancellationToken)
    {
        var now = eventClock is null ? timeProvider.GetUtcNow() : await eventClock.NextAsync(cancellationToken).ConfigureAwait(false);
        var known = new Dictionary<string, DocumentRecord>(StringComparer.Ordinal);
        await foreach (var record in metadata.ListByBucketAsync(bucket, cancellationToken).ConfigureAwait(false))
        {
            known[record.Key] = record;
        }

        var events = new List<FileEvent>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unchanged = 0;
        var permissionsChanged = 0;
        var permissions = permissionSource?.Open(root);
        var resolver = permissionResolver ?? PermissionResolver.None;
        var skipped = new List<SkippedEntry>();
        var listing = folders is null ? objects.ListAsync(bucket, null, cancellationToken) : folders.ListAsync(bucket, null, skipped.Add, cancellationToken);
        await foreach (var info in listing.ConfigureAwait(false))
        {
            if (IsHidden(info.Key))
            {
                continue;
            }

            seen.Add(info.Key);
            var path = Path.Combine(root, info.Key.Replace('/', Path.DirectorySeparatorChar));
            var acl = permissions?.Read(path);
            if (known.TryGetValue(info.Key, out var record) && record.Status != DocumentStatus.Deleted && record.ETag == info.ETag)
            {
                if (permissions is null || Equals(resolver.Resolve(path, acl), record.Permissions))
                {
                    unchanged++;
                    continue;
                }

                permissionsChanged++;
            }

            // An empty file is announced without a size: the pipeline then records it as FAILED (empty-file) with
            // its metadata, so the next run sees it as unchanged instead of queueing it again.
            var time = EventClock.After(now, known.GetValueOrDefault(info.Key)?.EventTime);
            events.Add(new FileEvent(FileEventKind.Created, bucket, info.Key, info.Size > 0 ? info.Size : null, time, ETag: info.ETag,
                OriginalPath: path, Acl: acl));
        }

        skipped.RemoveAll(entry => IsHidden(entry.Key));
        seen.UnionWith(skipped.Select(entry => entry.Key));
        foreach (var (key, record) in known)
        {
            if (record.Status != DocumentStatus.Deleted && !seen.Contains(key))
            {
                events.Add(new FileEvent(FileEventKind.Deleted, bucket, key, null, EventClock.After(now, record.EventTime), OriginalPath: record.OriginalPath));
            }
        }

        return new IngestPlan(bucket, root, events, unchanged, permissionsChanged) { Skipped = skipped };
    }

    /// <summary>Hidden files and folders (.git, .DS_Store, .gitattributes ...) are not indexed, as in most desktop search tools.</summary>
    internal static bool IsHidden(string key) => key.Split('/').Any(segment => segment.StartsWith('.'));

    /// <summary>Serialises an event in the file-event message format (what the worker consumes).</summary>
    public static string ToMessage(FileEvent fileEvent)
    {
        ArgumentNullException.ThrowIfNull(fileEvent);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("eventType", fileEvent.Kind == FileEventKind.Created ? "FILE_UPLOADED" : "FILE_DELETED");
            json.WriteString("s3Bucket", fileEvent.Bucket);
            json.WriteString("s3Key", fileEvent.Key);
            if (fileEvent.Size is { } size)
            {
                json.WriteNumber("fileSize", size);
            }

            json.WriteString("uploadedAt", (fileEvent.EventTime ?? DateTimeOffset.UnixEpoch).ToString("O", CultureInfo.InvariantCulture));
            if (fileEvent.ETag is { } etag)
            {
                json.WriteString("eTag", etag);
            }

            json.WriteStartObject("metadata");
            if (fileEvent.OriginalPath is { } path)
            {
                json.WriteString("original_path", path);
            }

            if (fileEvent.Acl is { } acl)
            {
                json.WritePropertyName("acl");
                acl.WriteTo(json);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
