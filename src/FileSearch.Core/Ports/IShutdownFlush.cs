namespace FileSearch.Core.Ports;

/// <summary>
/// Something that buffers state a worker should get out before the machine goes away (metrics not yet written,
/// a journal not yet checkpointed). Called once the worker has drained (after a Spot interruption notice or SIGTERM),
/// before the process exits; must be quick,
/// safe to call more than once and safe to call concurrently with normal work.
/// </summary>
public interface IShutdownFlush
{
    /// <summary>Writes out whatever is buffered.</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
