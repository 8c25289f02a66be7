using System.Globalization;
using System.Security.Cryptography;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Pipeline.Stages;

/// <summary>
/// Downloads the object into the message's private folder. The object key is never used as a
/// path: the local name is fixed, only a short alphanumeric extension is kept as a hint.
/// Empty and oversized files are rejected before any byte is transferred.
/// </summary>
public sealed class DownloadStage(IObjectStore objectStore, IOptions<PipelineOptions> options) : IPipelineStage
{
    public string Name => "download";

    public bool FetchesOnly => true;

    public async Task<StageResult> ExecuteAsync(ProcessingContext context, CancellationToken cancellationToken)
    {
        var evt = context.Event;
        var info = context.Head ?? await objectStore.GetInfoAsync(evt.Bucket, evt.Key, cancellationToken).ConfigureAwait(false)
            ?? throw ProcessingException.Permanent("object-not-found", $"Object not found: {evt.Bucket}/{evt.Key} (deleted or never uploaded)");
        CheckSize(info.Size);

        var localPath = Path.Combine(context.WorkDirectory, "source" + SafeExtension(evt.Key));
        var downloaded = await objectStore.DownloadAsync(evt.Bucket, evt.Key, localPath, cancellationToken).ConfigureAwait(false);
        CheckSize(downloaded.Size);
        context.LocalPath = localPath;
        context.Object = downloaded;
        context.ContentHashing = Task.Run(() => HashAsync(localPath, cancellationToken), cancellationToken);
        return StageResult.Ok(downloaded.Size.ToString(CultureInfo.InvariantCulture) + " bytes");
    }

    /// <summary>SHA-256 of the file, for exact-duplicate detection (the object store's ETag is not a content hash for multipart uploads).</summary>
    internal static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            return await HashAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The content hash as records keep it (lower-case hex SHA-256) of what <paramref name="stream"/> reads.</summary>
    internal static async Task<string> HashAsync(Stream stream, CancellationToken cancellationToken) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));

    private void CheckSize(long size)
    {
        if (size == 0)
        {
            throw ProcessingException.Permanent("empty-file", "File is empty (0 bytes)");
        }

        var max = options.Value.MaxFileSizeBytes;
        if (size > max)
        {
            throw ProcessingException.Permanent("file-too-large", $"File is {size:N0} bytes, over the {max:N0}-byte limit (Pipeline:MaxFileSizeBytes)");
        }
    }

    /// <summary>Keeps ".pdf", ".jpeg" ...; anything longer than 8 characters or not ASCII alphanumeric is dropped.</summary>
    internal static string SafeExtension(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        var dot = name.LastIndexOf('.');
        if (dot < 0 || dot == name.Length - 1)
        {
            return string.Empty;
        }

        var ext = name[(dot + 1)..];
        return ext.Length <= 8 && ext.All(char.IsAsciiLetterOrDigit) ? "." + ext.ToLowerInvariant() : string.Empty;
    }
}
