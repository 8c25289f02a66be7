using FileSearch.Core.Errors;
using FileSearch.Search.Lucene.Internals.Locking;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>
/// Owns the Lucene directory, the lazily opened writer and the searcher manager. The writer is opened on the first write
/// only, so a search-only process never claims the index; searchers read commits. A writing process first claims the
/// index with a lock file beside its folder (<see cref="ClaimLockPath"/>, see <see cref="ExclusiveFileLock"/>) and holds
/// it until disposal, so two processes never write one index. Superseded commits stay on disk for
/// <see cref="LuceneIndexOptions.SupersededCommitRetention"/> so readers in other processes never see files deleted
/// under them. All members are synchronous Lucene I/O: callers run them off the request thread.
/// </summary>
internal sealed partial class IndexStore : IDisposable
{
    private const string AnalysisKey = "filesearch.analysis";

    /// <summary>Commit data key of <see cref="IndexFields.SchemaVersion"/>; an index without it has schema 1.</summary>
    private const string SchemaKey = "filesearch.schema";

    /// <summary>How long a refused process waits for the holder (which writes who it is just after locking) to name itself.</summary>
    private static readonly TimeSpan RefusalPatience = TimeSpan.FromSeconds(2);

    /// <summary>How long an unreadable last commit is retried before it counts as damage (see <see cref="OpenSearchers"/>).</summary>
    private static readonly TimeSpan CommitInProgressPatience = TimeSpan.FromSeconds(2);

    private readonly System.Threading.Lock _gate = new();
    private readonly string _path;
    private readonly LuceneIndexOptions _options;
    private readonly Analyzer _indexAnalyzer;
    private readonly string _analysis;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private LuceneDirectory _directory;
    private ExclusiveFileLock? _claim;
    private IndexWriter? _writer;
    private SearcherManager? _searchers;
    private bool _closed;
    private bool _schemaOutdated;

    public IndexStore(LuceneIndexOptions options, Analyzer indexAnalyzer, string analysis, TimeProvider time, ILogger logger)
    {
        _options = options;
        _path = Path.GetFullPath(options.IndexDirectory);
        _indexAnalyzer = indexAnalyzer;
        _analysis = analysis;
        _time = time;
        _logger = logger;
        _directory = OpenDirectory();
    }

    public string IndexPath => _path;

    /// <summary>The lock file a writing process holds: beside the index folder, so a reset can move the folder whole.</summary>
    public string ClaimLockPath => _path + ".writer.lock";

    /// <summary>Claims the index for this process (no wait); throws <see cref="IndexWriterBusyException"/> when it is taken.</summary>
    public void Claim()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            ClaimLocked();
        }
    }

    public IndexWriter Writer()
    {
        IndexWriter writer;
        var opened = false;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_writer is null)
            {
                ClaimLocked();
                _writer = OpenWriter();
                opened = true;
            }

            writer = _writer;
        }

        // The searchers may have been opened before this process claimed the index, and a non-blocking refresh skips
        // one another thread is running: wait for one, so version checks see the previous writer's last commit.
        if (opened)
        {
            RefreshSearchers();
        }

        return writer;
    }

    /// <summary>The searcher manager, refreshed to the latest commit; null while no index exists.</summary>
    public SearcherManager? Searchers()
    {
        SearcherManager? searchers;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_searchers is null && System.IO.Directory.Exists(_path) && DirectoryReader.IndexExists(_directory))
            {
                _searchers = OpenSearchers();
                WarnIfSchemaOutdated(_searchers);
            }

            searchers = _searchers;
        }

        // Picks up commits of this process and of another process writing the same directory.
        if (searchers is not null)
        {
            Damage.Guard(_path, searchers.MaybeRefresh);
        }

        return searchers;
    }

    /// <summary>
    /// The searcher manager for the version checks of writes. While this process holds the writer no other process
    /// commits, so the view of the last refresh together with the versions written since (the version ledger, which
    /// forgets them only after a blocking refresh) is current: the directory is not listed again, nor readers reopened,
    /// for every write. Without the writer, as <see cref="Searchers"/>.
    /// </summary>
    public SearcherManager? SearchersForWrites()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_writer is not null && _searchers is not null)
            {
                return _searchers;
            }
        }

        return Searchers();
    }

    /// <summary>
    /// Opens the searcher manager on the last commit. Lucene 4.8 creates <c>segments_N</c> under its final name and
    /// completes it only after syncing the commit's files, so a reader in another process (or another instance) can find
    /// the first commit of a new index half written for as long as those syncs take, with no earlier commit to fall back
    /// to: it is retried for up to <see cref="CommitInProgressPatience"/> before it counts as damage.
    /// </summary>
    private SearcherManager OpenSearchers()
    {
        var started = _time.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            try
            {
                return new SearcherManager(_directory, new Bm25SearcherFactory());
            }
            catch (Exception ex) when (Damage.IsDamage(ex) && _time.GetElapsedTime(started) < CommitInProgressPatience)
            {
                Thread.Sleep(pause); // synchronous Lucene I/O: callers run this off the request thread
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromMilliseconds(200).Ticks));
            }
            catch (Exception ex) when (Damage.IsDamage(ex))
            {
                throw Damage.Retryable(_path, ex);
            }
        }
    }

    /// <summary>Refreshes the searchers to the last commit, waiting for a refresh another thread runs.</summary>
    public void RefreshSearchers()
    {
        if (Searchers() is { } searchers)
        {
            Damage.Guard(_path, searchers.MaybeRefreshBlocking);
        }
    }

    public void Commit()
    {
        IndexWriter? writer;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            writer = _writer;
        }

        if (writer is not null)
        {
            CommitStamped(writer);
        }
    }

    /// <summary>Opens a reader on the last commit, touching every segment; null when it reads, else what is wrong.</summary>
    public string? FindDamage()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (!System.IO.Directory.Exists(_path))
            {
                return null;
            }

            try
            {
                if (!DirectoryReader.IndexExists(_directory))
                {
                    return Damage.OrphanedFiles(_path);
                }

                using var reader = DirectoryReader.Open(_directory);
                foreach (var leaf in reader.Leaves)
                {
                    // Touches the segment's stored fields and live docs, which a reader opens lazily in places.
                    _ = leaf.AtomicReader.NumDocs;
                    _ = leaf.AtomicReader.LiveDocs;
                }

                return null;
            }
            catch (Exception ex) when (Damage.IsDamage(ex))
            {
                return $"{ex.GetType().Name}: {ex.Message}";
            }
        }
    }

    /// <summary>
    /// Closes the writer and searchers, moves the index folder to a sibling <c>{index}.damaged-{utc}</c> and reopens an
    /// empty directory. The caller holds no reader of this store across the call.
    /// </summary>
    public string Reset()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            ClaimLocked();
            CloseWriterAndSearchers(commit: false);
            _directory.Dispose();
            var aside = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_path}.damaged-{_time.GetUtcNow():yyyyMMdd-HHmmss}");
            if (System.IO.Directory.Exists(_path))
            {
                System.IO.Directory.Move(_path, aside);
            }

            _directory = OpenDirectory();
            return aside;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            try
            {
                CloseWriterAndSearchers(commit: true);
            }
            finally
            {
                _directory.Dispose();
                _claim?.Dispose();
                _claim = null;
            }
        }

        Log.Closed(_logger, _path);
    }

    private LuceneDirectory OpenDirectory() =>
        // Lucene.NET's NativeFSLockFactory lets two processes on Linux hold write.lock at once; this factory cannot.
        FSDirectory.Open(new DirectoryInfo(_path), new ProcessLockFactory(_path, () => ExclusiveFileLock.DescribeThisProcess(_time.GetUtcNow())));

    private void ClaimLocked()
    {
        if (_claim is not null)
        {
            return;
        }

        if (NetworkFileSystem.Detect(_path) is { } fileSystem)
        {
            throw ProcessingException.Permanent(
                "index-on-network-filesystem",
                $"The search index at {_path} is on a network file system ({fileSystem}); the embedded index needs a local disk, where one "
                + "writer at a time can be enforced. Set Lucene:IndexDirectory (or --data-dir) to a local folder, or use the OpenSearch backend for a shared index");
        }

        var parent = Path.GetDirectoryName(_path);
        if (parent is not null)
        {
            System.IO.Directory.CreateDirectory(parent);
        }

        _claim = ExclusiveFileLock.TryAcquire(ClaimLockPath, ExclusiveFileLock.DescribeThisProcess(_time.GetUtcNow()));
        if (_claim is null)
        {
            var holder = ProcessLockFactory.Holder(ClaimLockPath, RefusalPatience);
            Log.WriteLockBusy(_logger, _path, holder);
            throw new IndexWriterBusyException(_path, holder);
        }

        Log.Claimed(_logger, _path);
    }

    private void CloseWriterAndSearchers(bool commit)
    {
        try
        {
            _searchers?.Dispose();
            if (_writer is not null)
            {
                if (commit)
                {
                    CommitStamped(_writer);
                    _writer.Dispose();
                }
                else
                {
                    _writer.Rollback();
                }
            }
        }
        finally
        {
            _searchers = null;
            _writer = null;
        }
    }

    /// <summary>Commits with the commit's time, which lets the deletion policy keep superseded commits for readers of other processes.</summary>
    private void CommitStamped(IndexWriter writer)
    {
        var data = GraceDeletionPolicy.Stamp(writer.CommitData, _time.GetUtcNow());
        if (_schemaOutdated && !HasDocumentsBeforeSchema(writer))
        {
            // reindex --all (or time) has rewritten every document: the index now has the current schema throughout.
            data = new Dictionary<string, string>(data) { [SchemaKey] = SchemaText };
            _schemaOutdated = false;
            Log.SchemaUpgraded(_logger, _path, IndexFields.SchemaVersion);
        }

        writer.SetCommitData(data);
        writer.Commit();
    }

    private static string SchemaText => IndexFields.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The schema version stamped in commit data (1 when absent: written before the stamp existed).</summary>
    internal static int SchemaOf(IDictionary<string, string>? data) =>
        data is not null && data.TryGetValue(SchemaKey, out var text)
            && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? version
            : 1;

    /// <summary>True while a live document was written with an older schema (its <see cref="IndexFields.Schema"/> is lower or missing).</summary>
    private static bool HasDocumentsBeforeSchema(IndexWriter writer)
    {
        using var reader = DirectoryReader.Open(writer, applyAllDeletes: true);
        foreach (var leaf in reader.Leaves)
        {
            var segment = leaf.AtomicReader;
            var live = segment.LiveDocs;
            var schema = segment.GetNumericDocValues(IndexFields.Schema);
            for (var doc = 0; doc < segment.MaxDoc; doc++)
            {
                if ((live is null || live.Get(doc)) && (schema is null || schema.Get(doc) < IndexFields.SchemaVersion))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Warns (once per opened searcher manager) that documents of an older schema are left out of facets and suggestions.</summary>
    private void WarnIfSchemaOutdated(SearcherManager searchers)
    {
        var searcher = searchers.Acquire();
        try
        {
            if (searcher.IndexReader is DirectoryReader { NumDocs: > 0 } reader && SchemaOf(reader.IndexCommit.UserData) < IndexFields.SchemaVersion)
            {
                Log.SchemaOutdated(_logger, _path, SchemaOf(reader.IndexCommit.UserData), IndexFields.SchemaVersion);
            }
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    private IndexWriter OpenWriter()
    {
        System.IO.Directory.CreateDirectory(_path);
        var config = new IndexWriterConfig(CjkBigramTextAnalysis.Compatibility, _indexAnalyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            RAMBufferSizeMB = _options.RamBufferSizeMb,
            Similarity = new BM25Similarity(),
            WriteLockTimeout = (long)_options.WriteLockTimeout.TotalMilliseconds,
            IndexDeletionPolicy = new GraceDeletionPolicy(_time, _options.SupersededCommitRetention),
        };

        IndexWriter writer;
        try
        {
            writer = new IndexWriter(_directory, config);
        }
        catch (LockObtainFailedException ex)
        {
            // The claim above makes this unlikely: only an index instance of this process without the claim holds write.lock.
            var holder = ProcessLockFactory.Holder(Path.Combine(_path, IndexWriter.WRITE_LOCK_NAME), RefusalPatience);
            Log.WriteLockBusy(_logger, _path, holder);
            throw new IndexWriterBusyException(_path, holder, ex);
        }
        catch (Exception ex) when (Damage.IsDamage(ex))
        {
            throw Damage.Retryable(_path, ex);
        }

        var data = writer.CommitData;
        if (data is not null && data.TryGetValue(AnalysisKey, out var previous) && previous != _analysis)
        {
            Log.AnalysisMismatch(_logger, _path, previous, _analysis);
        }

        var stamped = data is null ? new Dictionary<string, string>() : new Dictionary<string, string>(data);
        stamped[AnalysisKey] = _analysis;
        var schema = SchemaOf(data);
        _schemaOutdated = false;
        if (writer.MaxDoc == 0)
        {
            stamped[SchemaKey] = SchemaText;
        }
        else if (schema < IndexFields.SchemaVersion)
        {
            // Kept until every document is rewritten (CommitStamped checks), so the warning repeats until then.
            _schemaOutdated = true;
            Log.SchemaOutdated(_logger, _path, schema, IndexFields.SchemaVersion);
        }

        writer.SetCommitData(stamped);
        Log.WriterOpened(_logger, _path, writer.NumDocs, _analysis);
        return writer;
    }

    private sealed class Bm25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) =>
            new(reader) { Similarity = new BM25Similarity() };
    }
}
