using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Testing;
using static FileSearch.Search.Lucene.Tests.Vectors.SyntheticVectors;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Search.Lucene.Tests.Vectors;

/// <summary>Similarity and hybrid search through the index, with synthetic vectors.</summary>
[Trait("Category", "Integration")]
public sealed class VectorSearchTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory _temp = new("lucene-vectors");
    private LuceneSearchIndex _index = null!;

    public async Task InitializeAsync()
    {
        _index = LuceneTestIndex.Create(_temp.Combine("index"));
        await IndexAsync(
            Image("cat.png", "猫の写真", Axis(0)),
            Image("cat2.jpg", "子猫", Axis(0, tilt: 0.3f), FileKind.Jpeg),
            Image("dog.png", "犬の写真", Axis(1)),
            Image("car.png", "自動車", Axis(4)),
            Create("memo.txt", "猫についてのメモ"));
    }

    public async Task DisposeAsync()
    {
        await _index.DisposeAsync();
        _temp.Dispose();
    }

    private static IndexDocument Image(string key, string text, float[] vector, FileKind kind = FileKind.Png) =>
        Create(key, text, kind) with { Vector = vector };

    private Task IndexAsync(params IndexDocument[] documents) => _index.IndexAllAsync(documents);

    private Task<SearchResults> SearchAsync(SearchQuery query) => _index.SearchAsync(query, Ct);

    [Fact]
    public async Task Search_SimilarTo_ReturnsNearestOthersBestFirst()
    {
        var results = await SearchAsync(new SearchQuery(string.Empty, Limit: 2) { SimilarTo = IdOf("cat.png") });

        Assert.Equal("cat2.jpg", results.Hits[0].Name);
        Assert.Equal(2, results.Hits.Count);
        Assert.Equal(3, results.TotalHits);
        Assert.True(results.Hits[0].Score > results.Hits[1].Score);
        Assert.DoesNotContain(results.Hits, h => h.Name == "cat.png");
    }

    [Fact]
    public async Task NearestAsync_Image_OthersWithExactCosineBestFirst()
    {
        var nearest = await _index.NearestAsync(IdOf("cat.png"), 2, null, Ct);

        Assert.Equal([IdOf("cat2.jpg"), nearest[1].Id], nearest.Select(n => n.Id));
        Assert.Equal(1 / Math.Sqrt(1.09), nearest[0].Similarity, 4);
        Assert.Equal(0, nearest[1].Similarity, 4);
    }

    [Fact]
    public async Task NearestAsync_AfterACommitAddsAnImageOfTheSameModel_SeesIt()
    {
        var before = await _index.NearestAsync(IdOf("cat.png"), 10, null, Ct);

        await IndexAsync(Image("cat3.png", "猫", Axis(0, tilt: 0.1f)));
        var after = await _index.NearestAsync(IdOf("cat.png"), 10, null, Ct);
        var similar = await SearchAsync(new SearchQuery(string.Empty, Limit: 10) { SimilarTo = IdOf("cat.png") });

        Assert.DoesNotContain(before, n => n.Id == IdOf("cat3.png"));
        Assert.Equal(IdOf("cat3.png"), after[0].Id);
        Assert.Equal(IdOf("cat3.png"), similar.Hits[0].Id);
        Assert.Equal(after.Count, similar.TotalHits);
    }

    [Fact]
    public async Task NearestAsync_DocumentWithoutVector_Empty()
    {
        Assert.Empty(await _index.NearestAsync(IdOf("memo.txt"), 10, null, Ct));
        Assert.Empty(await _index.NearestAsync(IdOf("no-such-document"), 10, null, Ct));
    }

    [Fact]
    public async Task Search_QueryVectorWithKindFilter_OnlyThatKind()
    {
        var results = await SearchAsync(new SearchQuery(string.Empty, Kind: "png") { Vector = Axis(0, tilt: 0.3f) });

        Assert.Equal("cat.png", results.Hits[0].Name);
        Assert.Equal(["car.png", "cat.png", "dog.png"], results.Hits.Select(h => h.Name).Order(StringComparer.Ordinal));
        Assert.Equal(3, results.TotalHits);
    }

    [Fact]
    public async Task Search_Hybrid_FusesTextAndSimilarity()
    {
        // Text alone: 猫 is in cat.png, cat2.jpg and memo.txt; similarity to the dog vector alone ranks dog first.
        var results = await SearchAsync(new SearchQuery("猫") { Vector = Axis(1) });

        Assert.Equal(["car.png", "cat.png", "cat2.jpg", "dog.png", "memo.txt"], results.Hits.Select(h => h.Name).Order(StringComparer.Ordinal));
        var top = results.Hits[0].Name;
        Assert.True(top is "cat.png" or "cat2.jpg", top);
        Assert.Contains(results.Hits.Single(h => h.Name == "memo.txt").Snippet, p => p.IsMatch);
    }

    [Fact]
    public async Task Search_VectorModel_ComparesOnlyDocumentsOfThatModel()
    {
        await IndexAsync(
            Image("new-cat.png", "猫", Axis(0, tilt: 0.1f)) with { VectorModel = "model-b/8" },
            Image("new-dog.png", "犬", Axis(1)) with { VectorModel = "model-b/8" });

        var results = await SearchAsync(new SearchQuery(string.Empty) { Vector = Axis(0), VectorModel = "model-b/8" });
        var similar = await SearchAsync(new SearchQuery(string.Empty) { SimilarTo = IdOf("new-cat.png") });

        Assert.Equal(["new-cat.png", "new-dog.png"], results.Hits.Select(h => h.Name));
        Assert.Equal(2, results.TotalHits);
        Assert.Equal(["new-dog.png"], similar.Hits.Select(h => h.Name));
    }

    [Fact]
    public async Task Search_AlternativeVectors_EachDocumentScoresItsBestQueryVector()
    {
        var one = await SearchAsync(new SearchQuery(string.Empty, Limit: 1) { Vector = Axis(4) });
        var both = await SearchAsync(new SearchQuery(string.Empty, Limit: 2) { Vector = Axis(4), AlternativeVectors = [Axis(1)] });

        Assert.Equal(["car.png"], one.Hits.Select(h => h.Name));
        Assert.Equal(["car.png", "dog.png"], both.Hits.Select(h => h.Name).Order(StringComparer.Ordinal));
        Assert.All(both.Hits, h => Assert.Equal(1f, h.Score, 0.0001f));
    }

    [Fact]
    public void Fuse_DocumentInBothRankings_BeatsOneRanking()
    {
        DocumentId a = IdOf("a"), b = IdOf("b"), c = IdOf("c");

        var fused = LuceneSearchIndex.Fuse([a, b], [c, b]);

        Assert.Equal(b, fused[0].Id);
        Assert.Equal((1f / 62) + (1f / 62), fused[0].Score, 0.00001f);
        Assert.Equal(3, fused.Count);
    }

    [Fact]
    public async Task IndexAsync_UpdateWithoutVector_RemovesVector()
    {
        await IndexAsync(Create("dog.png", "犬の写真（ベクトルなし）", FileKind.Png));

        var results = await SearchAsync(new SearchQuery(string.Empty, Limit: 10) { Vector = Axis(1) });

        Assert.DoesNotContain(results.Hits, h => h.Name == "dog.png");
        Assert.Equal(3, _index.VectorCount);
    }

    [Fact]
    public async Task DeleteAsync_RemovesVector_AndReopenedIndexAgrees()
    {
        await _index.DeleteAsync(IdOf("cat2.jpg"), Ct);
        await _index.CommitAsync(Ct);

        var results = await SearchAsync(new SearchQuery(string.Empty) { Vector = Axis(0) });
        await using var reopened = LuceneTestIndex.Create(_temp.Combine("index"));
        var again = await reopened.SearchAsync(new SearchQuery(string.Empty) { Vector = Axis(0) }, Ct);

        Assert.DoesNotContain(results.Hits, h => h.Name == "cat2.jpg");
        Assert.Equal(results.Hits.Select(h => h.Id), again.Hits.Select(h => h.Id));
        Assert.Equal(3, again.TotalHits);
    }

    [Fact]
    public async Task Search_SimilarToDocumentWithoutVector_FailsPermanently()
    {
        var ex = await Assert.ThrowsAsync<ProcessingException>(() => SearchAsync(new SearchQuery(string.Empty) { SimilarTo = IdOf("memo.txt") }));

        Assert.Equal(FailureKind.Permanent, ex.Kind);
        Assert.Contains("no image vector", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_VectorPaging_PagesAreDisjoint()
    {
        var first = await SearchAsync(new SearchQuery(string.Empty, Limit: 2) { Vector = Axis(0) });
        var second = await SearchAsync(new SearchQuery(string.Empty, Limit: 2, Offset: 2) { Vector = Axis(0) });

        Assert.Equal(4, first.TotalHits);
        Assert.Equal(4, first.Hits.Concat(second.Hits).Select(h => h.Id).Distinct().Count());
    }

    [Fact]
    public async Task IndexAsync_EmptyVectorFromNullArray_TreatedAsNoVector()
    {
        float[]? none = null;

        await IndexAsync(Create("dog.png", "犬", FileKind.Png) with { Vector = none });

        Assert.Equal(3, _index.VectorCount);
    }
}
