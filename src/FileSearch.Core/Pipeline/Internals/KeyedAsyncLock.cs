namespace FileSearch.Core.Pipeline.Internals;

/// <summary>
/// One asynchronous mutex per key, created on first use and dropped when its last holder or waiter leaves,
/// so memory stays proportional to the keys in flight, not to every key ever seen.
/// </summary>
internal sealed class KeyedAsyncLock<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, Entry> _entries = [];
    private readonly Lock _gate = new();

    /// <summary>The number of keys currently held or awaited (for tests and diagnostics).</summary>
    public int ActiveKeys
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Waits until <paramref name="key"/> is free, then holds it until the returned releaser is disposed.</summary>
    public async Task<Releaser> AcquireAsync(TKey key, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                entry = new Entry();
                _entries.Add(key, entry);
            }

            entry.References++;
        }

        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(key, entry);
            throw;
        }

        return new Releaser(this, key, entry);
    }

    private void Leave(TKey key, Entry entry)
    {
        lock (_gate)
        {
            if (--entry.References == 0)
            {
                _entries.Remove(key);
                entry.Semaphore.Dispose();
            }
        }
    }

    /// <summary>Releases the key when disposed.</summary>
    public readonly struct Releaser : IDisposable
    {
        private readonly KeyedAsyncLock<TKey> _owner;
        private readonly TKey _key;
        private readonly Entry _entry;

        internal Releaser(KeyedAsyncLock<TKey> owner, TKey key, Entry entry)
        {
            _owner = owner;
            _key = key;
            _entry = entry;
        }

        public void Dispose()
        {
            _entry.Semaphore.Release();
            _owner.Leave(_key, _entry);
        }
    }

    internal sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int References { get; set; }
    }
}
