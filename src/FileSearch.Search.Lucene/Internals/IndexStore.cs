using FileSearch.Core.Errors;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>
/// Owns the Lucene directory, the lazily opened writer and the searcher manager. The writer is opened
/// on the first write only, so a search-only process never takes write.lock; searchers read commits.
/// All members are synchronous Lucene I/O: callers run them off the request thread.
/// </summary>
internal sealed class IndexStore : IDisposable
{
    private const string AnalysisKey = "filesearch.analysis";

    private readonly System.Threading.Lock _gate = new();
    private readonly string _path;
    private readonly LuceneDirectory _directory;
    private readonly LuceneIndexOptions _options;
    private readonly Analyzer _indexAnalyzer;
    private readonly string _analysis;
    private readonly ILogger _logger;
    private IndexWriter? _writer;
    private SearcherManager? _searchers;
    private bool _closed;

    public IndexStore(LuceneIndexOptions options, Analyzer indexAnalyzer, string analysis, ILogger logger)
    {
        _options = options;
        _path = Path.GetFullPath(options.IndexDirectory);
        _indexAnalyzer = indexAnalyzer;
        _analysis = analysis;
        _logger = logger;

        // NativeFSLockFactory locks with an OS lock: a write.lock file left by a killed process is not held.
        _directory = FSDirectory.Open(new DirectoryInfo(_path), new NativeFSLockFactory());
    }

    public string IndexPath => _path;

    public IndexWriter Writer()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            return _writer ??= OpenWriter();
        }
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
                _searchers = new SearcherManager(_directory, new Bm25SearcherFactory());
            }

            searchers = _searchers;
        }

        // Picks up commits of this process and of another process writing the same directory.
        searchers?.MaybeRefresh();
        return searchers;
    }

    public void Commit()
    {
        IndexWriter? writer;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            writer = _writer;
        }

        writer?.Commit();
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
                _searchers?.Dispose();
                if (_writer is not null)
                {
                    _writer.Commit();
                    _writer.Dispose();
                }
            }
            finally
            {
                _directory.Dispose();
            }
        }

        Log.Closed(_logger, _path);
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
        };

        IndexWriter writer;
        try
        {
            writer = new IndexWriter(_directory, config);
        }
        catch (LockObtainFailedException ex)
        {
            Log.WriteLockBusy(_logger, _path, ex);
            throw ProcessingException.Retryable(
                "index-locked",
                $"The search index at {_path} is locked by another running writer; stop the other worker or give each its own Lucene:IndexDirectory",
                ex);
        }

        var data = writer.CommitData;
        if (data is not null && data.TryGetValue(AnalysisKey, out var previous) && previous != _analysis)
        {
            Log.AnalysisMismatch(_logger, _path, previous, _analysis);
        }

        writer.SetCommitData(new Dictionary<string, string> { [AnalysisKey] = _analysis });
        Log.WriterOpened(_logger, _path, writer.NumDocs, _analysis);
        return writer;
    }

    private sealed class Bm25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) =>
            new(reader) { Similarity = new BM25Similarity() };
    }
}
