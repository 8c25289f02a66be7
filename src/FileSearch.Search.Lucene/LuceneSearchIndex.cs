using FileSearch.Core.Ports;
using FileSearch.Search.Lucene.Internals;
using FileSearch.Search.Lucene.Internals.Vectors;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LuceneDocument = Lucene.Net.Documents.Document;

namespace FileSearch.Search.Lucene;

/// <summary>
/// The embedded full-text index: Lucene.NET in a local directory, BM25 ranking, CJK bigram analysis by
/// default (see <see cref="ITextAnalysis"/>). One writing process and any number of reading processes share a directory:
/// a process claims the index on its first write (or at start, see <see cref="ISingleWriterIndex"/>) and any other writer
/// is refused with the holder's pid and command line. Searches see committed documents.
/// </summary>
public sealed partial class LuceneSearchIndex : ISearchIndex, ISingleWriterIndex, IDisposable, IAsyncDisposable
{
    /// <summary>Deepest hit a search can page to (as OpenSearch's default result window).</summary>
    public const int MaxResultWindow = 10_000;

    /// <summary>
    /// Versions written since the last commit searchers see, kept for conditional writes, above which a commit refreshes
    /// the searchers and drops them (refreshing on every commit would reopen a reader per document).
    /// </summary>
    private const int LedgerRefreshThreshold = 4096;

    /// <summary>
    /// Shortest text analysed side by side (<see cref="IndexDocument.AnalyzeInParallel"/>): its three fields take about
    /// 1.5 ms here, far above the tens of microseconds of handing work to other threads.
    /// </summary>
    internal const int ParallelAnalysisMinChars = 200;

    /// <summary>
    /// Longest text analysed side by side: the tokens of the fields analysed beside the writer are held until it has taken
    /// them (about 60 bytes each; the three text fields together make some 1.7 tokens per character, so the two held make at
    /// most about 27 MB here), where the writer's own analysis streams them.
    /// </summary>
    internal const int ParallelAnalysisMaxChars = 256 * 1024;

    private readonly IndexStore _store;
    private readonly GroupCommit _commits;
    private readonly Analyzer _indexAnalyzer;
    private readonly Analyzer _queryAnalyzer;
    private readonly QueryFactory _queries;
    private readonly SnippetBuilder _snippets;
    private readonly bool _recallField;
    private readonly bool _normalizedField;
    private readonly VectorCompactionPolicy _vectorPolicy;
    private readonly FacetOrdinals _facetOrdinals = new();
    private readonly VisibilityFilterCache _visibility;
    private VersionLedger _ledger = new();
    private VectorStore _vectors;

    /// <summary>Each open segment's map of documents to vector rows, for filtered similarity searches.</summary>
    private readonly DocumentRows _documentRows = new();
    private readonly TimeProvider _time;
    private readonly ILogger<LuceneSearchIndex> _logger;
    private int _disposed;
    private int _sideBySideAnalyses;

    public LuceneSearchIndex(IOptions<LuceneIndexOptions> options, ITextAnalysis analysis, TimeProvider timeProvider, ILogger<LuceneSearchIndex> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(analysis);
        var settings = options.Value;
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.IndexDirectory, "Lucene:IndexDirectory");
        _time = timeProvider;
        _logger = logger;
        _recallField = analysis is IRecallFieldAnalysis;
        _normalizedField = analysis is IRecallFieldAnalysis { HasNormalizedField: true };
        _indexAnalyzer = analysis.CreateAnalyzer(AnalysisPurpose.Index);
        _queryAnalyzer = analysis.CreateAnalyzer(AnalysisPurpose.Query);
        _queries = new QueryFactory(_queryAnalyzer, analysis);
        _snippets = new SnippetBuilder(_indexAnalyzer, settings.MaxSnippetChars, settings.MaxSnippetAnalyzedChars);
        _store = new IndexStore(settings, _indexAnalyzer, $"{analysis.Name}/{analysis.Version}", timeProvider, logger);
        _vectorPolicy = new VectorCompactionPolicy(settings.VectorCompactionDeadShare, settings.VectorCompactionMinBytes);
        _visibility = new VisibilityFilterCache(settings.VisibilityFilterCacheSize);
        _vectors = new VectorStore(_store.IndexPath, _vectorPolicy);
        _commits = new GroupCommit(CommitCoreAsync);
    }

    /// <summary>Lucene commits performed so far; lower than the number of <see cref="CommitAsync"/> calls under load.</summary>
    internal int CommitCount => _commits.Commits;

    /// <summary>Documents whose text fields were analysed side by side so far (<see cref="IndexDocument.AnalyzeInParallel"/>).</summary>
    internal int SideBySideAnalyses => Volatile.Read(ref _sideBySideAnalyses);

    /// <summary>Versions held for conditional writes (written since the last commit searchers were refreshed to).</summary>
    internal int LedgerCount => _ledger.Count;

    public async Task IndexAsync(IndexDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ThrowIfDisposed();
        var doc = IndexFields.ToLucene(document, _recallField, _normalizedField);
        var besides = document.AnalyzeInParallel && document.Text.Length is >= ParallelAnalysisMinChars and <= ParallelAnalysisMaxChars
            ? AnalyseBesideTheWriter(doc, document.Text)
            : [];
        var id = IndexFields.IdTerm(document.Id);
        var vector = document.Vector;
        var update = Task.Run(
            () => Damage.Guard(_store.IndexPath, () =>
            {
                lock (_ledger.For(document.Id))
                {
                    if (IsSuperseded(document.Id, document.Version, out var indexed))
                    {
                        Log.IndexWriteSuperseded(_logger, document.Id.Value, document.Version.ToString()!, indexed.ToString()!);
                        return false;
                    }

                    _store.Writer().UpdateDocument(id, doc);
                    // The pipeline's null float[] arrives as an empty (not null) ReadOnlyMemory: both mean "no vector".
                    if (vector is { IsEmpty: false } v)
                    {
                        _vectors.Put(document.Id, v.Span);
                    }
                    else
                    {
                        _vectors.Delete(document.Id);
                    }

                    _ledger.Record(document.Id, document.Version);
                    return true;
                }
            }),
            cancellationToken);
        // Offered after the writer's work item, so that one is not queued behind them; the writer runs any the pool has not
        // started by the time it reaches the field.
        foreach (var capture in besides)
        {
            capture.Offer();
        }

        bool written;
        try
        {
            written = await update.ConfigureAwait(false);
        }
        finally
        {
            // A document not written (superseded, cancelled, failed) leaves no analysis to start.
            foreach (var capture in besides)
            {
                capture.Abandon();
            }
        }

        if (besides.Length > 0)
        {
            Interlocked.Increment(ref _sideBySideAnalyses);
        }

        if (written)
        {
            _commits.MarkWritten();
        }
    }

    /// <summary>
    /// Hands the analysis of the document's text fields after the first (bigrams, lemmas) to other threads while the writer
    /// indexes the fields before them and analyses the first (words) itself: the lemma field alone (UniDic) takes about as
    /// long as the two others together, so one document is indexed in about half the time when cores are idle. The
    /// longest analysis is offered first.
    /// </summary>
    private DeferredCapture[] AnalyseBesideTheWriter(LuceneDocument doc, string text)
    {
        var fields = doc.Fields.OfType<Field>()
            .Where(f => f.IndexableFieldType is { IsIndexed: true, IsTokenized: true } && f.Name is IndexFields.Text or IndexFields.TextBigram or IndexFields.TextNorm)
            .Skip(1)
            .Reverse()
            .ToArray();
        var captures = new DeferredCapture[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            captures[i] = new DeferredCapture(_indexAnalyzer, fields[i].Name, text);
            fields[i].SetTokenStream(captures[i].Replay());
        }

        return captures;
    }

    public Task DeleteAsync(Core.Domain.DocumentId id, CancellationToken cancellationToken) =>
        DeleteCoreAsync(id, null, cancellationToken);

    public Task DeleteAsync(Core.Domain.DocumentId id, Core.Domain.DocumentVersion upTo, CancellationToken cancellationToken) =>
        DeleteCoreAsync(id, upTo, cancellationToken);

    private async Task DeleteCoreAsync(Core.Domain.DocumentId id, Core.Domain.DocumentVersion? upTo, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var term = IndexFields.IdTerm(id);
        var deleted = await Task.Run(
            () => Damage.Guard(_store.IndexPath, () =>
            {
                lock (_ledger.For(id))
                {
                    if (upTo is not null && IsSuperseded(id, upTo, out var indexed))
                    {
                        Log.IndexWriteSuperseded(_logger, id.Value, "delete " + upTo, indexed.ToString()!);
                        return false;
                    }

                    _store.Writer().DeleteDocuments(term);
                    _vectors.Delete(id);
                    _ledger.Record(id, null);
                    return true;
                }
            }),
            cancellationToken).ConfigureAwait(false);
        if (deleted)
        {
            _commits.MarkWritten();
        }
    }

    /// <summary>True when the index holds the document at a newer version than <paramref name="incoming"/> (null: never).</summary>
    private bool IsSuperseded(Core.Domain.DocumentId id, Core.Domain.DocumentVersion? incoming, out Core.Domain.DocumentVersion? indexed)
    {
        indexed = null;
        if (incoming is null)
        {
            return false;
        }

        indexed = _ledger.TryGet(id, out var recent) ? recent : CommittedVersion(id);
        return VersionLedger.IsNewer(indexed, incoming);
    }

    /// <summary>
    /// The version of the document's entry in the commits the searchers see: every commit of another process, and of
    /// this one up to the writes the ledger still holds.
    /// </summary>
    private Core.Domain.DocumentVersion? CommittedVersion(Core.Domain.DocumentId id)
    {
        var searchers = _store.SearchersForWrites();
        if (searchers is null)
        {
            return null;
        }

        var searcher = searchers.Acquire();
        try
        {
            var top = searcher.Search(new TermQuery(IndexFields.IdTerm(id)), 1);
            return top.TotalHits == 0 ? null : IndexFields.ReadVersion(searcher.Doc(top.ScoreDocs[0].Doc, IndexFields.VersionFields));
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    /// <summary>
    /// Group commit: concurrent callers share one Lucene commit. When this returns, every write that
    /// completed before the call is on disk and visible to searches (also in other processes).
    /// </summary>
    public Task CommitAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        return _commits.CommitAsync(cancellationToken);
    }

    public Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(query.Text, nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset, nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit, nameof(query));
        if ((long)query.Offset + query.Limit > MaxResultWindow)
        {
            throw new ArgumentOutOfRangeException(nameof(query), $"Offset + Limit must be at most {MaxResultWindow}");
        }

        ThrowIfDisposed();
        return Task.Run(() => Search(query), cancellationToken);
    }

    public Task<long> CountAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        return Task.Run(
            () =>
            {
                var searchers = _store.Searchers();
                if (searchers is null)
                {
                    return 0L;
                }

                var searcher = searchers.Acquire();
                try
                {
                    return searcher.IndexReader.NumDocs;
                }
                finally
                {
                    searchers.Release(searcher);
                }
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public string Location => _store.IndexPath;

    /// <inheritdoc/>
    public Task ClaimWriterAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        return Task.Run(_store.Claim, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<string?> FindDamageAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        return Task.Run(_store.FindDamage, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<string> ResetAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        return await Task.Run(
            () =>
            {
                _vectors.Dispose();
                var aside = _store.Reset();
                _vectors = new VectorStore(_store.IndexPath, _vectorPolicy);
                _ledger = new VersionLedger();
                Log.IndexReset(_logger, _store.IndexPath, aside);
                return aside;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Commits pending writes and closes the writer, releasing the write lock.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _commits.CloseAsync(() => Task.Run(CloseCore)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _commits.Close(CloseCore);
        }
    }

    private SearchResults Search(SearchQuery request)
    {
        var started = _time.GetTimestamp();
        var searchers = _store.Searchers();
        if (searchers is null)
        {
            return new SearchResults(0, []);
        }

        var parsed = _queries.Parse(request.Text, out var fallback);
        if (fallback)
        {
            Log.QueryFallback(_logger, request.Text);
        }

        var query = QueryFilters.Apply(parsed, request, _visibility);
        var searcher = searchers.Acquire();
        try
        {
            var facets = request.IncludeFacets ? new FacetCollector(request.PathPrefix, _facetOrdinals) : null;
            SearchResults results;
            if (request.HasVector)
            {
                results = SearchByVector(searcher, request, parsed, query);
                if (facets is not null)
                {
                    // Counted over the text query and filters (all documents the filters accept for a vector-only search).
                    searcher.Search(query, facets);
                }
            }
            else if (request.Limit == 0 || request.Offset >= searcher.IndexReader.MaxDoc)
            {
                var counter = new TotalHitCountCollector();
                searcher.Search(query, facets is null ? counter : MultiCollector.Wrap(counter, facets));
                results = new SearchResults(counter.TotalHits, []);
            }
            else
            {
                var top = TopDocs(searcher, query, request, facets);
                var terms = SnippetTerms(parsed);
                var hits = new List<SearchHit>(Math.Max(0, top.ScoreDocs.Length - request.Offset));
                for (var i = request.Offset; i < top.ScoreDocs.Length; i++)
                {
                    if (request.WithoutSnippets)
                    {
                        // The stored text is the bulk of a stored document: leave it unread.
                        hits.Add(IndexFields.ToHit(searcher.Doc(top.ScoreDocs[i].Doc, IndexFields.HitFields), top.ScoreDocs[i].Score, []));
                        continue;
                    }

                    var doc = searcher.Doc(top.ScoreDocs[i].Doc);
                    var snippet = Snippet(searcher, top.ScoreDocs[i].Doc, doc.Get(IndexFields.Text) ?? string.Empty, terms);
                    hits.Add(IndexFields.ToHit(doc, top.ScoreDocs[i].Score, snippet));
                }

                results = new SearchResults(top.TotalHits, hits);
            }

            if (facets is not null)
            {
                results = results with { Facets = facets.Facets() };
            }

            Log.Searched(_logger, request.Text, results.TotalHits, _time.GetElapsedTime(started).TotalMilliseconds);
            return results;
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    /// <summary>The first Offset + Limit hits in the request's order; facets, when asked for, are counted in the same pass.</summary>
    private static TopDocs TopDocs(IndexSearcher searcher, Query query, SearchQuery request, FacetCollector? facets)
    {
        var window = request.Offset + request.Limit;
        var sort = QueryFilters.SortOf(request);
        if (facets is null)
        {
            return sort is null
                ? searcher.Search(query, window)
                : searcher.Search(query, null, window, sort, doDocScores: true, doMaxScore: false);
        }

        // Collectors that accept documents out of order (ties still go to the lower document id, as in order): the searcher
        // may then score a disjunction with BooleanScorer, which scores windows of 2,048 documents at a time and costs far
        // less per matching document than the heap of the in-order DisjunctionSumScorer. Every word of a query is such a
        // disjunction (one clause per searched field), and the facet collector counts in any order.
        if (sort is null)
        {
            var byScore = TopScoreDocCollector.Create(window, docsScoredInOrder: false);
            searcher.Search(query, MultiCollector.Wrap(byScore, facets));
            return byScore.GetTopDocs();
        }

        var sorted = TopFieldCollector.Create(sort, window, fillFields: true, trackDocScores: true, trackMaxScore: false, docsScoredInOrder: false);
        searcher.Search(query, MultiCollector.Wrap(sorted, facets));
        return sorted.GetTopDocs();
    }

    private async Task CommitCoreAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        await Task.Run(
            () =>
            {
                // Vectors first: a vector without its committed document is ignored by searches, the reverse would lose it.
                if (_vectors.Flush())
                {
                    Log.VectorsCompacted(_logger, _vectors.LogBytes, _vectors.Count);
                }

                var mark = _ledger.Mark;
                Damage.Guard(_store.IndexPath, _store.Commit);

                // Versions written up to the mark are in the commit; once searchers see it, the ledger need not hold them.
                if (_ledger.Count >= LedgerRefreshThreshold)
                {
                    _store.RefreshSearchers();
                    _ledger.Forget(mark);
                }
            },
            cancellationToken).ConfigureAwait(false);
        Log.Committed(_logger, _time.GetElapsedTime(started).TotalMilliseconds);
    }

    private void CloseCore()
    {
        try
        {
            _vectors.Dispose();
            _store.Dispose();
        }
        finally
        {
            _indexAnalyzer.Dispose();
            _queryAnalyzer.Dispose();
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
