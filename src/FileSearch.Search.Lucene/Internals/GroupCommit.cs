namespace FileSearch.Search.Lucene.Internals;

/// <summary>
/// Group commit: callers that ask for durability while a commit is running wait for it and share
/// the next one, so N concurrent "index then commit" callers cost far fewer than N fsyncs.
/// When <see cref="CommitAsync"/> returns, every write that was marked before the call is durable.
/// </summary>
/// <remarks>
/// Each completed write bumps a sequence number after it reached the writer. A commit records the
/// sequence it started at; all writes up to it are in that commit. A caller whose sequence is already
/// covered returns without committing; otherwise the first one to take the lock commits for all.
/// </remarks>
internal sealed class GroupCommit(Func<CancellationToken, Task> commit)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private long _written;
    private long _durable;
    private int _commits;

    /// <summary>Number of commits actually performed (for tests and logs).</summary>
    public int Commits => Volatile.Read(ref _commits);

    /// <summary>Call after a write has been applied to the writer.</summary>
    public void MarkWritten() => Interlocked.Increment(ref _written);

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref _written);
        if (Interlocked.Read(ref _durable) >= target)
        {
            return;
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Interlocked.Read(ref _durable) >= target)
            {
                return; // a commit that started after our write covered it
            }

            var covered = Interlocked.Read(ref _written);
            await commit(cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _commits);
            Interlocked.Exchange(ref _durable, covered);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Runs the final close (which commits) once no commit is in flight; later callers see everything durable.</summary>
    public async Task CloseAsync(Func<Task> close)
    {
        await _lock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var covered = Interlocked.Read(ref _written);
            await close().ConfigureAwait(false);
            Interlocked.Exchange(ref _durable, covered);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Synchronous <see cref="CloseAsync"/> for <see cref="IDisposable.Dispose"/>.</summary>
    public void Close(Action close)
    {
        _lock.Wait();
        try
        {
            var covered = Interlocked.Read(ref _written);
            close();
            Interlocked.Exchange(ref _durable, covered);
        }
        finally
        {
            _lock.Release();
        }
    }
}
