using FileSearch.Core.Ports;

namespace FileSearch.Core.Worker;

/// <summary>
/// Lets the message being processed give its worker slot back while it waits for the index commit that makes it durable
/// (disk or network time, no CPU), so the worker starts the next file meanwhile; up to
/// <see cref="WorkerOptions.MaxAwaitingCommit"/> messages at once. The message keeps its place in flight (heartbeat,
/// drain) and is acknowledged only after the commit, as before. A stage that has CPU work after the commit takes a
/// slot back first (<see cref="ReclaimAsync"/>). Outside a <see cref="QueueWorker"/> (tests, reindexing) both calls do nothing.
/// </summary>
/// <remarks>The message's lease flows with its async calls (an <see cref="AsyncLocal{T}"/> set by the worker for each message).</remarks>
public sealed class WorkerSlots
{
    private readonly AsyncLocal<Lease?> _current = new();
    private readonly int _cores;

    /// <summary>Messages holding a slot now (not those waiting for their commit).</summary>
    private int _working;

    public WorkerSlots()
        : this(Environment.ProcessorCount)
    {
    }

    /// <param name="cores">The cores the worker's messages share.</param>
    internal WorkerSlots(int cores) => _cores = cores;

    /// <summary>
    /// True when the current message holds a slot and fewer messages are at work than there are cores: the message may
    /// spread its own work over another core (see <see cref="IndexDocument.AnalyzeInParallel"/>). False outside a worker.
    /// </summary>
    public bool HasSpareCore => _current.Value is { IsWorking: true } && Volatile.Read(ref _working) < _cores;

    /// <summary>
    /// Gives the current message's slot back if fewer than <see cref="WorkerOptions.MaxAwaitingCommit"/> messages wait
    /// already; true when it did.
    /// </summary>
    public bool TryYield() => _current.Value?.TryYield() ?? false;

    /// <summary>Takes a slot again for the current message if it gave its own back (waits for one to be free).</summary>
    public Task ReclaimAsync(CancellationToken cancellationToken) =>
        _current.Value is { } lease ? lease.ReclaimAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Starts the lease of one message that holds a slot of <paramref name="slots"/>; disposing it returns what it holds.</summary>
    internal IDisposable Enter(SemaphoreSlim slots, SemaphoreSlim awaiting)
    {
        var lease = new Lease(this, slots, awaiting);
        Interlocked.Increment(ref _working);
        _current.Value = lease;
        return lease;
    }

    /// <summary>One message's hold on a worker slot, or on a place among the messages awaiting their commit.</summary>
    private sealed class Lease(WorkerSlots owner, SemaphoreSlim slots, SemaphoreSlim awaiting) : IDisposable
    {
        // Used by the message's own sequential flow only: no two calls overlap.
        private State _state = State.Slot;

        public bool IsWorking => _state == State.Slot;

        private enum State
        {
            Slot,
            Awaiting,
            Done,
        }

        public bool TryYield()
        {
            if (_state != State.Slot || !awaiting.Wait(0, CancellationToken.None))
            {
                return false;
            }

            _state = State.Awaiting;
            Interlocked.Decrement(ref owner._working);
            slots.Release();
            return true;
        }

        public async Task ReclaimAsync(CancellationToken cancellationToken)
        {
            if (_state != State.Awaiting)
            {
                return;
            }

            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            _state = State.Slot;
            Interlocked.Increment(ref owner._working);
            awaiting.Release();
        }

        public void Dispose()
        {
            var held = _state;
            _state = State.Done;
            switch (held)
            {
                case State.Slot:
                    Interlocked.Decrement(ref owner._working);
                    slots.Release();
                    break;
                case State.Awaiting:
                    awaiting.Release();
                    break;
                default:
                    break;
            }
        }
    }
}
