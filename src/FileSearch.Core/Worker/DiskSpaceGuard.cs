using FileSearch.Core.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Worker;

/// <summary>Free bytes available to this process on the file system holding a path (statvfs on Linux).</summary>
public interface IFreeSpaceProbe
{
    /// <summary>Bytes free for this process where <paramref name="path"/> lives, or null when it cannot be told.</summary>
    long? AvailableBytes(string path);
}

/// <summary><see cref="IFreeSpaceProbe"/> through <see cref="DriveInfo"/>, which asks the file system holding the path.</summary>
public sealed class DriveFreeSpaceProbe : IFreeSpaceProbe
{
    public long? AvailableBytes(string path)
    {
        try
        {
            var existing = Path.GetFullPath(path);
            while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
            {
                existing = parent;
            }

            return new DriveInfo(existing).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}

/// <summary>
/// Keeps the worker from taking messages while a disk it writes to (the temp folder, and the data directory of an embedded
/// installation) has less than <see cref="WorkerOptions.MinFreeDiskBytes"/> free: a file downloaded, converted or OCR'd
/// there would fail for want of space and burn its retries. Receiving resumes by itself once space returns; messages wait
/// in the queue meanwhile, nothing is received, failed or lost.
/// </summary>
public sealed class DiskSpaceGuard(
    IOptions<WorkerOptions> options,
    IOptions<PipelineOptions> pipelineOptions,
    IFreeSpaceProbe probe,
    TimeProvider timeProvider,
    ILogger<DiskSpaceGuard> logger)
{
    /// <summary>How often a waiting worker looks at the disks again, and repeats its warning at most.</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    /// <summary>The folders watched: the pipeline's temp folder and <see cref="WorkerOptions.DiskSpacePaths"/>.</summary>
    public IReadOnlyList<string> Paths { get; } =
        [.. new[] { pipelineOptions.Value.TempDirectory }.Concat(options.Value.DiskSpacePaths).Where(p => !string.IsNullOrWhiteSpace(p)).Distinct(StringComparer.Ordinal)];

    /// <summary>True while the worker is held back for want of space (for status and tests).</summary>
    public bool IsWaiting { get; private set; }

    /// <summary>The first watched folder below the minimum, with its free bytes; null when every one has enough.</summary>
    public (string Path, long Free)? FindShortage()
    {
        var minimum = options.Value.MinFreeDiskBytes;
        if (minimum <= 0)
        {
            return null;
        }

        foreach (var path in Paths)
        {
            if (probe.AvailableBytes(path) is { } free && free < minimum)
            {
                return (path, free);
            }
        }

        return null;
    }

    /// <summary>Returns at once when there is space; otherwise waits, logging why, until there is (or cancellation).</summary>
    public async Task WaitForSpaceAsync(CancellationToken cancellationToken)
    {
        var shortage = FindShortage();
        if (shortage is null)
        {
            return;
        }

        IsWaiting = true;
        var warnedAt = (DateTimeOffset?)null;
        try
        {
            while (shortage is { } current)
            {
                var (path, free) = current;
                var now = timeProvider.GetUtcNow();
                if (warnedAt is null || now - warnedAt >= WarningInterval)
                {
                    Log.DiskSpaceLow(logger, path, free, options.Value.MinFreeDiskBytes);
                    warnedAt = now;
                }

                await Task.Delay(RecheckInterval, timeProvider, cancellationToken).ConfigureAwait(false);
                shortage = FindShortage();
            }

            Log.DiskSpaceRecovered(logger);
        }
        finally
        {
            IsWaiting = false;
        }
    }
}
