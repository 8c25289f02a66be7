using System.Numerics.Tensors;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Search.Lucene.Internals.Vectors;
using FileSearch.Testing;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Search.Lucene.Tests.Vectors;

/// <summary>
/// The index's similarity search (int8 scan, exact re-rank) against an exact scan of the same vectors, through the
/// adapter: clustered 512-d vectors like a network's, with filters, alternative query vectors, deletes, compaction
/// and a reopen.
/// </summary>
[Trait("Category", "Integration")]
public sealed class QuantizedSearchExactnessTests : IAsyncLifetime
{
    private const int Documents = 3_000;
    private const int Dimension = 512;
    private const string Model = "test-model/512";
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory _temp = new("lucene-knn");
    private readonly Dictionary<string, (float[] Vector, FileKind Kind)> _stored = [];
    private LuceneSearchIndex _index = null!;

    public async Task InitializeAsync()
    {
        _index = LuceneTestIndex.Create(_temp.Combine("index"));
        var random = new Random(20);
        var centres = Enumerable.Range(0, 40).Select(_ => Positive(random, null, 1f)).ToList();
        var documents = new List<IndexDocument>(Documents);
        for (var i = 0; i < Documents; i++)
        {
            var key = $"写真/{i % 7}/画像{i:D4}.jpg";
            var vector = Positive(random, centres[i % centres.Count], 0.6f);
            var kind = i % 3 == 0 ? FileKind.Png : FileKind.Jpeg;
            _stored[key] = (vector, kind);
            documents.Add(Create(key, $"旅行の写真 {i}", kind) with { Vector = vector, VectorModel = Model });
        }

        await _index.IndexAllAsync([.. documents]);
    }

    public async Task DisposeAsync()
    {
        await _index.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Search_SimilarTo_SameTopHitsAndScoresAsExactScan()
    {
        foreach (var key in new[] { "写真/0/画像0000.jpg", "写真/2/画像1234.jpg", "写真/3/画像2999.jpg" })
        {
            var results = await _index.SearchAsync(new SearchQuery(string.Empty, Limit: 10) { SimilarTo = IdOf(key) }, Ct);

            var expected = Exact([_stored[key].Vector], 10, k => k != key);
            Assert.Equal(expected.Select(e => e.Key), results.Hits.Select(h => KeyOf(h)));
            Assert.Equal(expected.Select(e => e.Score), results.Hits.Select(h => h.Score), new ToleranceComparer(1e-5f));
        }
    }

    [Fact]
    public async Task Search_VectorWithKindFilterAndAlternatives_SameTopHitsAsExactScan()
    {
        var random = new Random(7);
        for (var round = 0; round < 5; round++)
        {
            var query = Positive(random, null, 1f);
            var alternatives = new[] { Positive(random, null, 1f), Positive(random, null, 1f) };
            var results = await _index.SearchAsync(
                new SearchQuery(string.Empty, Kind: "png", Limit: 20) { Vector = query, AlternativeVectors = [.. alternatives.Select(a => new ReadOnlyMemory<float>(a))], VectorModel = Model }, Ct);

            var expected = Exact([query, .. alternatives], 20, k => _stored[k].Kind == FileKind.Png);
            Assert.Equal(expected.Select(e => e.Key), results.Hits.Select(h => KeyOf(h)));
        }
    }

    [Fact]
    public async Task Search_AfterDeletesCompactionAndReopen_SameTopHitsAsExactScan()
    {
        foreach (var key in _stored.Keys.Where((_, i) => i % 4 == 0).ToList())
        {
            await _index.DeleteAsync(IdOf(key), Ct);
            _stored.Remove(key);
        }

        await _index.CommitAsync(Ct);
        await _index.CompactVectorsAsync(Ct);
        await _index.DisposeAsync();
        _index = LuceneTestIndex.Create(_temp.Combine("index"));
        var query = _stored["写真/1/画像0001.jpg"].Vector;

        var results = await _index.SearchAsync(new SearchQuery(string.Empty, Limit: 10) { Vector = query, VectorModel = Model }, Ct);

        Assert.Equal(Exact([query], 10, _ => true).Select(e => e.Key), results.Hits.Select(h => KeyOf(h)));
        Assert.Equal(_stored.Count, results.TotalHits);
    }

    private static string KeyOf(SearchHit hit) => hit.Path["/nas/share/".Length..];

    /// <summary>Brute force over the float vectors: each document scores its best match among the query vectors.</summary>
    private List<(string Key, float Score)> Exact(IReadOnlyList<float[]> queries, int k, Func<string, bool> allowed) =>
        [.. _stored.Where(s => allowed(s.Key))
            .Select(s => (s.Key, Score: queries.Max(q => TensorPrimitives.Dot(VectorStore.Normalise(q), VectorStore.Normalise(s.Value.Vector)))))
            .OrderByDescending(s => s.Score).Take(k)];

    /// <summary>A non-negative vector (as a ReLU network's pooled features are) near <paramref name="centre"/>, or a random one.</summary>
    private static float[] Positive(Random random, float[]? centre, float noise)
    {
        var vector = new float[Dimension];
        for (var i = 0; i < Dimension; i++)
        {
            var value = (centre?[i] ?? 0) + (noise * (float)random.NextDouble() * (random.NextDouble() < 0.3 ? 1 : 0.1f));
            vector[i] = Math.Max(0, value);
        }

        return VectorStore.Normalise(vector);
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
