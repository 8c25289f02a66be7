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
        var lease = new Lease(slots, awaiting);
        _current.Value = lease;
        return lease;
    }

    /// <summary>One message's hold on a worker slot, or on a place among the messages awaiting their commit.</summary>
    private sealed class Lease(SemaphoreSlim slots, SemaphoreSlim awaiting) : IDisposable
    {
        // Used by the message's own sequential flow only: no two calls overlap.
        private State _state = State.Slot;

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
            awaiting.Release();
        }

        public void Dispose()
        {
            var held = _state;
            _state = State.Done;
            switch (held)
            {
                case State.Slot:
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
