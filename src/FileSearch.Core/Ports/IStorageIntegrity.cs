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

    /// <summary>Reads the whole store's structure; null when it is sound, else the first problem found.</summary>
    Task<string?> FindDamageAsync(CancellationToken cancellationToken);
}
