namespace FileSearch.Core.Ports;

/// <summary>
/// An index kept in a local folder that one process at a time may write (the embedded Lucene index). Processes that
/// write claim it before they take work, so a second worker or a concurrent <c>ingest</c> is refused instead of
/// corrupting it; a damaged folder is found, moved aside and rebuilt from the metadata store.
/// Backends that coordinate writers themselves (OpenSearch) do not implement it.
/// </summary>
public interface ISingleWriterIndex
{
    /// <summary>The folder the index lives in.</summary>
    string Location { get; }

    /// <summary>
    /// Claims the index for this process until the index is disposed, without waiting. Throws
    /// <see cref="Errors.IndexWriterBusyException"/> naming the holder when another process (or another index instance in
    /// this one) has it. Claiming again from the holder does nothing.
    /// </summary>
    Task ClaimWriterAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens every segment of the last commit; returns null when the index reads (or does not exist yet), else what is wrong.
    /// </summary>
    Task<string?> FindDamageAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Claims the writer, moves the index folder's files aside and starts an empty index, to be rebuilt from the metadata
    /// store. Must not run while this process writes to the index. Returns the folder the old files were moved to.
    /// </summary>
    Task<string> ResetAsync(CancellationToken cancellationToken);
}
