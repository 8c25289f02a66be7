using System.Diagnostics;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Search.Lucene.Internals;
using FileSearch.Search.Lucene.Internals.Vectors;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>
/// One filter of the adapter's filtered k-NN, before and after in the same run: <paramref name="Before"/> builds the set of
/// the allowed ids per query (as the adapter did) and asks it about the rows entering the heap; <paramref name="After"/>
/// is the adapter's row filter (<see cref="DocumentFilter"/>), built per query over segment maps built once.
/// <paramref name="Mismatches"/> counts queries whose hits differ (after against before, and against the expected set).
/// </summary>
public sealed record KnnFilterTiming(string Name, int Allowed, double SetP50Ms, KnnTiming Before, KnnTiming After, int Mismatches);

/// <summary>The filters measured, and the maps of documents to rows they share (built once, their size).</summary>
public sealed record KnnFilterResult(double IndexSeconds, double MapBuildMs, double MapMb, IReadOnlyList<KnnFilterTiming> Filters)
{
    public int Mismatches => Filters.Sum(f => f.Mismatches);
}

/// <summary>
/// What the Lucene adapter adds to a similarity search with a filter, at the store's size: a Lucene index holding the
/// store's ids with one vector model and one of two groups allowed to read each (alternately), and for the model filter
/// (every search by document) and the model and permission filter (a caller in one group: half the images) the search with
/// the id set built per query against the search with the row filter. Every image is of the model, so the model filter's
/// hits must equal the unfiltered ones; both must equal the id set's.
/// </summary>
internal static class KnnFilterBenchmark
{
    private const string Model = "resnet18-imagenet-v1/512";

    /// <summary>Queries timed with the id set built per query (about a second each at a million).</summary>
    private const int BeforeQueries = 10;

    public static KnnFilterResult Run(VectorStore store, int count, List<float[]> probes, List<List<DocumentId>> unfiltered, int k,
        string directory, Action<string> progress)
    {
        progress("writing a Lucene index of the same ids (one vector model, two groups of readers)");
        var index = Stopwatch.StartNew();
        using var lucene = FSDirectory.Open(Path.Combine(directory, "lucene"));
        using (var writer = new IndexWriter(lucene, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer())))
        {
            for (var i = 0; i < count; i++)
            {
                writer.AddDocument(
                [
                    new StringField(IndexFields.Id, KnnBenchmark.Id(i).Value, Field.Store.NO),
                    new StringField(IndexFields.VectorModel, Model, Field.Store.NO),
                    new StringField(IndexFields.AclAllow, i % 2 == 0 ? "group:a" : "group:b", Field.Store.NO),
                ]);
            }

            writer.Commit();
        }

        index.Stop();
        using var reader = DirectoryReader.Open(lucene);
        var searcher = new IndexSearcher(reader);
        var model = new TermQuery(new Term(IndexFields.VectorModel, Model));
        // A search by document of a caller who is not an admin: the model filter and the caller's permissions (kept per
        // caller and segment, as the adapter keeps them), which let half of the images through.
        var permission = QueryFilters.Apply(model, new SearchQuery(string.Empty) { Visibility = new Visibility(["group:a"]) }, new VisibilityFilterCache(16));

        progress("building the maps of documents to rows (once per segment)");
        var maps = new DocumentRows();
        var started = Stopwatch.GetTimestamp();
        _ = store.CountRows(new DocumentFilter(searcher, model, null, maps));
        var mapBuild = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        var filters = new List<KnnFilterTiming>
        {
            Measure("model", searcher, model, count, store, maps, probes, unfiltered, k, progress),
            Measure("permission", searcher, permission, (count + 1) / 2, store, maps, probes, null, k, progress),
        };
        return new KnnFilterResult(index.Elapsed.TotalSeconds, mapBuild, maps.ResidentBytes / 1048576.0, filters);
    }

    private static KnnFilterTiming Measure(string name, IndexSearcher searcher, Query filter, int allowed, VectorStore store, DocumentRows maps,
        List<float[]> probes, List<List<DocumentId>>? expected, int k, Action<string> progress)
    {
        progress($"{name} filter: the id set built per query (as the adapter did)");
        var sets = new List<double>();
        var idCount = 0;
        var beforeProbes = probes.Skip(KnnBenchmark.WarmUp - 1).Take(BeforeQueries + 1).ToList();
        var (before, beforeHits) = KnnBenchmark.Measure(beforeProbes, q =>
        {
            var setStarted = Stopwatch.GetTimestamp();
            var ids = AllowedIds(searcher, filter);
            sets.Add(Stopwatch.GetElapsedTime(setStarted).TotalMilliseconds);
            idCount = ids.Count;
            return [.. store.Search(q, k, id => ids.Contains(id)).Select(h => h.Id)];
        }, warmUp: 1);

        progress($"{name} filter: the row filter");
        var (after, afterHits) = KnnBenchmark.Measure(probes, q => [.. store.SearchRows(q, k, new DocumentFilter(searcher, filter, null, maps)).Select(h => h.Id)]);
        var mismatches = beforeHits.Zip(afterHits, (b, a) => b.SequenceEqual(a) ? 0 : 1).Sum()
            + (expected is null ? 0 : afterHits.Zip(expected, (a, e) => a.SequenceEqual(e) ? 0 : 1).Sum())
            + (idCount == allowed ? 0 : 1)
            + (store.CountRows(new DocumentFilter(searcher, filter, null, maps)) == allowed ? 0 : 1);
        return new KnnFilterTiming(name, allowed, KnnBenchmark.Timing(sets.Skip(1).ToList()).P50Ms, before, after, mismatches);
    }

    /// <summary>
    /// The ids a filter accepts, as the adapter collected them for each filtered search before its row filter: one pass over
    /// the matches, each id read from the id field's cache, decoded, parsed and put in a hash set.
    /// </summary>
    private static HashSet<DocumentId> AllowedIds(IndexSearcher searcher, Query filter)
    {
        var ids = new HashSet<DocumentId>();
        var weight = searcher.CreateNormalizedWeight(filter);
        var bytes = new BytesRef();
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            var scorer = weight.GetScorer(leaf, leaf.AtomicReader.LiveDocs);
            if (scorer is null)
            {
                continue;
            }

            var idValues = FieldCache.DEFAULT.GetTerms(leaf.AtomicReader, IndexFields.Id, setDocsWithField: false);
            for (var doc = scorer.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = scorer.NextDoc())
            {
                idValues.Get(doc, bytes);
                if (DocumentId.TryParse(bytes.Utf8ToString(), out var id))
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }
}
