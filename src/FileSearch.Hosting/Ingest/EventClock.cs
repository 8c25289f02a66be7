using System.Globalization;

namespace FileSearch.Hosting.Ingest;

/// <summary>
/// The time ingest gives its events, which orders versions of a file: the worker keeps the newest event's state and
/// takes an older one for stale. On the wall clock alone, a clock stepped backwards by NTP between two runs would give
/// the second run's events an older time than the first run's, and the worker would keep the first version's text for a
/// file changed since. This clock never goes back: it issues the wall time, or just after the last time it issued when
/// the wall clock is behind that (a hybrid logical clock kept in one small file of the data directory, shared by every
/// process using the directory under an exclusive lock).
/// </summary>
public sealed class EventClock(string stateFile, TimeProvider time)
{
    // The file is held for the moment it takes to read and write one number: 500 tries 20 ms apart is ample.
    private const int LockAttempts = 500;

    /// <summary>The clock of a data directory (<c>{dataDirectory}/ingest-clock</c>).</summary>
    public static EventClock For(string dataDirectory, TimeProvider time) => new(Path.Combine(dataDirectory, "ingest-clock"), time);

    /// <summary>A time later than every time issued before by this clock, and not earlier than the wall clock.</summary>
    public async Task<DateTimeOffset> NextAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(stateFile))!);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var file = new FileStream(stateFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 256, FileOptions.WriteThrough);
                using var reader = new StreamReader(file, leaveOpen: true);
                var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                var last = long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks) ? ticks : 0;
                var now = time.GetUtcNow().UtcTicks;
                var next = Math.Max(now, last + 1);
                file.SetLength(0);
                await using (var writer = new StreamWriter(file, leaveOpen: true))
                {
                    await writer.WriteAsync(next.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
                }

                return new DateTimeOffset(next, TimeSpan.Zero);
            }
            catch (IOException) when (attempt < LockAttempts)
            {
                // Another process holds the file (FileShare.None is an exclusive lock on it).
                await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The time of an event about a file whose stored state has <paramref name="stored"/>: <paramref name="issued"/>,
    /// or just after the stored time when that is not older (it was written by another machine, or before a clock step
    /// this clock did not see).
    /// </summary>
    public static DateTimeOffset After(DateTimeOffset issued, DateTimeOffset? stored) =>
        stored is { } s && s >= issued ? s.AddTicks(1) : issued;
}
