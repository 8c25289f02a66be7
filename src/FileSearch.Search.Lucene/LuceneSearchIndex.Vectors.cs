using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Search.Lucene.Internals;
using FileSearch.Search.Lucene.Internals.Vectors;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace FileSearch.Search.Lucene;

/// <summary>Similarity and hybrid search over the vectors stored next to the index.</summary>
public sealed partial class LuceneSearchIndex
{
    /// <summary>Reciprocal rank fusion constant (the usual 60): damps the weight of the very first ranks.</summary>
    internal const int RrfK = 60;

    /// <summary>Each ranking contributes at least this many candidates to a hybrid fusion.</summary>
    internal const int MinFusionCandidates = 100;

    /// <summary>Test seam of the vector-log compaction steps (see <see cref="Internals.Vectors.VectorStore.CompactionHook"/>).</summary>
    internal Action<string>? VectorCompactionHook
    {
        get => _vectors.CompactionHook;
        set => _vectors.CompactionHook = value;
    }

    /// <summary>The maps of documents to vector rows that filtered similarity searches use (for tests).</summary>
    internal DocumentRows DocumentRows => _documentRows;

    /// <summary>Number of documents that have a vector (committed or not, in this process).</summary>
    internal int VectorCount => _vectors.Count;

    /// <summary>
    /// Rewrites the image-vector log without the records of replaced and deleted vectors (crash-safe: new file, fsync,
    /// atomic rename), whatever their share. Commits do this on their own past <see cref="LuceneIndexOptions.VectorCompactionDeadShare"/>.
    /// </summary>
    public Task<VectorLogCompaction> CompactVectorsAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        return Task.Run(
            () =>
            {
                _store.Writer(); // the Lucene write lock also guards the vector log: one writing process
                var (before, after) = _vectors.Compact();
                Log.VectorsCompacted(_logger, after, _vectors.Count);
                return new VectorLogCompaction(before, after, _vectors.Count);
            },
            cancellationToken);
    }

    /// <summary>
    /// The nearest vectors of the document's model, by the same scan and re-rank as <see cref="SearchQuery.SimilarTo"/>
    /// (the scores are the exact cosine), without what a search answer needs and a lookup does not: no total (a count over
    /// every vector) and no stored fields or snippets. A document without a vector (or removed meanwhile) has none.
    /// </summary>
    public Task<IReadOnlyList<VectorNeighbour>> NearestAsync(DocumentId id, int limit, Visibility? visibility, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        return Task.Run<IReadOnlyList<VectorNeighbour>>(
            () =>
            {
                var searchers = _store.Searchers();
                if (limit <= 0 || searchers is null || _vectors.Get(id) is not { } vector)
                {
                    return [];
                }

                var searcher = searchers.Acquire();
                try
                {
                    var request = new SearchQuery(string.Empty, null, limit) { SimilarTo = id, Visibility = visibility };
                    var allowed = Allowed(searcher, request, StoredModel(searcher, id));
                    return [.. _vectors.SearchRows(vector, limit, allowed).Select(n => new VectorNeighbour(n.Id, n.Score))];
                }
                finally
                {
                    searchers.Release(searcher);
                }
            },
            cancellationToken);
    }

    private SearchResults SearchByVector(IndexSearcher searcher, SearchQuery request, Query parsed, Query textQuery)
    {
        var vector = request.Vector?.ToArray() ?? StoredVector(request.SimilarTo!.Value);
        var window = request.Offset + request.Limit;
        var hasText = !string.IsNullOrWhiteSpace(request.Text);
        var model = request.VectorModel ?? (request.SimilarTo is { } similar ? StoredModel(searcher, similar) : null);
        var allowed = Allowed(searcher, request, model);
        var nearest = Nearest([vector, .. request.AlternativeVectors.Select(v => v.ToArray())],
            hasText ? Math.Max(window, MinFusionCandidates) : window, allowed);

        List<(DocumentId Id, float Score)> ranked;
        long total;
        if (hasText)
        {
            var text = searcher.Search(textQuery, Math.Max(window, MinFusionCandidates));
            var textIds = text.ScoreDocs.Select(d => IdOf(searcher, d.Doc)).ToList();
            ranked = Fuse(textIds, [.. nearest.Select(n => n.Id)]);
            total = ranked.Count;
        }
        else
        {
            ranked = nearest;
            total = _vectors.CountRows(allowed);
        }

        var terms = hasText ? SnippetTerms(parsed) : [];
        var hits = new List<SearchHit>(request.Limit);
        foreach (var (id, score) in ranked.Skip(request.Offset).Take(request.Limit))
        {
            var top = searcher.Search(new TermQuery(IndexFields.IdTerm(id)), 1);
            if (top.ScoreDocs.Length == 0)
            {
                continue; // a vector whose document is not committed yet (or was lost with an uncommitted write)
            }

            var doc = searcher.Doc(top.ScoreDocs[0].Doc);
            hits.Add(IndexFields.ToHit(doc, score, Snippet(searcher, top.ScoreDocs[0].Doc, doc.Get(IndexFields.Text) ?? string.Empty, terms)));
        }

        return new SearchResults(total, hits);
    }

    /// <summary>Reciprocal rank fusion: each ranking adds 1 / (k + rank) to a document's score.</summary>
    internal static List<(DocumentId Id, float Score)> Fuse(params IReadOnlyList<DocumentId>[] rankings)
    {
        var scores = new Dictionary<DocumentId, float>();
        foreach (var ranking in rankings)
        {
            for (var rank = 0; rank < ranking.Count; rank++)
            {
                scores[ranking[rank]] = scores.GetValueOrDefault(ranking[rank]) + (1f / (RrfK + rank + 1));
            }
        }

        return [.. scores.Select(s => (s.Key, s.Value)).OrderByDescending(s => s.Value).ThenBy(s => s.Key.Value, StringComparer.Ordinal)];
    }

    /// <summary>The <paramref name="k"/> nearest documents, each scored by its best similarity to any of the query vectors.</summary>
    private List<(DocumentId Id, float Score)> Nearest(IReadOnlyList<float[]> queries, int k, IRowFilter? allowed)
    {
        if (queries.Count == 1)
        {
            return _vectors.SearchRows(queries[0], k, allowed);
        }

        var best = new Dictionary<DocumentId, float>();
        foreach (var query in queries)
        {
            foreach (var (id, score) in _vectors.SearchRows(query, k, allowed))
            {
                best[id] = Math.Max(score, best.GetValueOrDefault(id, float.MinValue));
            }
        }

        return [.. best.Select(b => (b.Key, b.Value)).OrderByDescending(b => b.Value).ThenBy(b => b.Key.Value, StringComparer.Ordinal).Take(k)];
    }

    /// <summary>The model id stored with a document's vector; null when it has none recorded.</summary>
    private static string? StoredModel(IndexSearcher searcher, DocumentId id)
    {
        var top = searcher.Search(new TermQuery(IndexFields.IdTerm(id)), 1);
        return top.ScoreDocs.Length == 0 ? null : searcher.Doc(top.ScoreDocs[0].Doc).Get(IndexFields.VectorModel);
    }

    private float[] StoredVector(DocumentId id) =>
        _vectors.Get(id) ?? throw ProcessingException.Permanent(
            "no-vector", $"Document {id} has no image vector (not an image, or indexed without an image embedder)");

    /// <summary>
    /// The rows of the documents the request's filters accept and whose vector was made by <paramref name="model"/> (any,
    /// when null), or null when nothing is filtered out (and no document is excluded). The filter is evaluated in the
    /// store's row space (<see cref="DocumentFilter"/>) when the store binds it: a pass over its matches, integers only.
    /// </summary>
    private IRowFilter? Allowed(IndexSearcher searcher, SearchQuery request, string? model)
    {
        var filter = QueryFilters.Apply(new MatchAllDocsQuery(), request, _visibility);
        if (model is not null)
        {
            filter = new BooleanQuery
            {
                { filter, Occur.MUST },
                { new TermQuery(new Term(IndexFields.VectorModel, model)), Occur.MUST },
            };
        }

        var excluded = request.SimilarTo;
        if (filter is MatchAllDocsQuery)
        {
            return excluded is { } id ? new AllButDocument(id) : null;
        }

        return new DocumentFilter(searcher, filter, excluded, _documentRows);
    }

    private static DocumentId IdOf(IndexSearcher searcher, int doc)
    {
        DocumentId.TryParse(searcher.Doc(doc).Get(IndexFields.Id), out var id);
        return id;
    }

    /// <summary>A hit's snippet: from the offsets in the postings, or by analysing the text for documents written without them.</summary>
    private IReadOnlyList<Core.Ports.SnippetPart> Snippet(IndexSearcher searcher, int doc, string text, List<(string, QueryTerms)> terms) =>
        terms.Count == 0
            ? _snippets.Build(text, terms)
            : _snippets.BuildFromPostings(searcher.IndexReader, doc, text, terms) ?? _snippets.Build(text, terms);

    private List<(string, QueryTerms)> SnippetTerms(Query parsed)
    {
        List<(string, QueryTerms)> terms = [(IndexFields.Text, QueryTerms.From(parsed, IndexFields.Text))];
        if (_recallField)
        {
            terms.Add((IndexFields.TextBigram, QueryTerms.From(parsed, IndexFields.TextBigram)));
        }

        if (_normalizedField)
        {
            // Marks the document's own spelling (髙橋) when the query used another (高橋): offsets are the original text's.
            terms.Add((IndexFields.TextNorm, QueryTerms.From(parsed, IndexFields.TextNorm)));
        }

        return terms;
    }
}
