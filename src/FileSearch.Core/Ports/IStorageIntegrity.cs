namespace FileSearch.Core.Ports;

/// <summary>
/// A local store that can tell whether its files are damaged (the embedded SQLite queue and metadata store). The worker
/// checks every one before it takes a message; backends whose service keeps its own storage do not implement it.
/// </summary>
public interface IStorageIntegrity
{
    /// <summary>What the store is, for messages ("queue", "metadata store").</summary>
    string StoreName { get; }

    /// <summary>Where it lives (a file path).</summary>
    string Location { get; }

    /// <summary>
    /// Reads the store's structure: with <paramref name="thorough"/> every page of it (its cost grows with the store: about
    /// 11 s per GB from a cold disk), else its header and schema only. Null when it is sound, else the first problem found.
    /// </summary>
    Task<string?> FindDamageAsync(bool thorough, CancellationToken cancellationToken);

    /// <summary>True when the last worker that used the store stopped cleanly (<see cref="MarkCleanStop"/>); removes the mark.</summary>
    bool TakeCleanStopMark();

    /// <summary>Records that the worker using the store stops cleanly, for the next start.</summary>
    void MarkCleanStop();
}
