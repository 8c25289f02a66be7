using Lucene.Net.Store;
using LuceneLock = Lucene.Net.Store.Lock;

namespace FileSearch.Search.Lucene.Internals.Locking;

/// <summary>
/// Lucene lock factory on <see cref="ExclusiveFileLock"/>: the index's <c>write.lock</c> is held by at most one writer,
/// in this process or any other on the machine, and released by the kernel when its process dies.
/// </summary>
internal sealed class ProcessLockFactory(string directory, Func<string> describeHolder) : LockFactory
{
    public override LuceneLock MakeLock(string lockName)
    {
        ArgumentException.ThrowIfNullOrEmpty(lockName);
        // The prefix FSDirectory sets (for lock factories shared among directories) is not needed: this factory serves one.
        return new ProcessLock(Path.Combine(directory, lockName), describeHolder);
    }

    /// <summary>Nothing to clear: a lock file without a live holder is not held, and lock files are never deleted.</summary>
    public override void ClearLock(string lockName)
    {
    }

    private sealed class ProcessLock(string path, Func<string> describeHolder) : LuceneLock
    {
        private readonly System.Threading.Lock _gate = new();
        private ExclusiveFileLock? _held;

        public override bool Obtain()
        {
            lock (_gate)
            {
                if (_held is not null)
                {
                    return false;
                }

                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                _held = ExclusiveFileLock.TryAcquire(path, describeHolder());
                if (_held is null)
                {
                    FailureReason = new LockObtainFailedException($"held by {Holder(path, TimeSpan.Zero)}");
                }

                return _held is not null;
            }
        }

        public override bool IsLocked()
        {
            lock (_gate)
            {
                if (_held is not null)
                {
                    return true;
                }

                using var probe = ExclusiveFileLock.TryAcquire(path, string.Empty);
                return probe is null;
            }
        }

        public override string ToString() => $"ProcessLock@{path}";

        protected override void Dispose(bool disposing)
        {
            if (!disposing)
            {
                return;
            }

            lock (_gate)
            {
                _held?.Dispose();
                _held = null;
            }
        }
    }

    /// <summary>
    /// The holder as it described itself beside the lock file, waiting up to <paramref name="patience"/> for a holder that
    /// has just taken the lock; "another process" when it wrote nothing.
    /// </summary>
    public static string Holder(string lockPath, TimeSpan patience)
    {
        var text = ExclusiveFileLock.ReadLiveHolder(lockPath, patience);
        return text.Length == 0 ? "another process" : text;
    }
}
