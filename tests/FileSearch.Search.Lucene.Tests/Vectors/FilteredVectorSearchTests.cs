using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Testing;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Search.Lucene.Tests.Vectors;

/// <summary>
/// Similarity searches with filters (type, folder, permissions, model) give the hits and totals of the exact filtered
/// search, computed here from the documents written, across segments, updates, deletes, uncommitted writes, a reset, a
/// compaction and a reading process.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FilteredVectorSearchTests : IAsyncLifetime
{
    private const int Dimension = 16;
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory _temp = new("lucene-filtered-vectors");
    private readonly Dictionary<string, Image> _images = [];
    private LuceneSearchIndex _index = null!;

    private static readonly (string Name, Func<SearchQuery, SearchQuery> Apply, Func<Image, bool> Accepts)[] Filters =
    [
        ("kind", q => q with { Kind = "png" }, i => i.Kind == FileKind.Png),
        ("folder", q => q with { PathPrefix = "/nas/share/a/" }, i => i.Folder == "a"),
        ("permission", q => q with { Visibility = new Visibility(["group:a"]) }, i => i.Group == "group:a"),
        ("permission and kind", q => q with { Kind = "jpg", Visibility = new Visibility(["group:b"]) }, i => i.Group == "group:b" && i.Kind == FileKind.Jpeg),
        ("model", q => q with { VectorModel = "model-b" }, i => i.Model == "model-b"),
    ];

    public Task InitializeAsync()
    {
        _index = LuceneTestIndex.Create(_temp.Combine("index"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _index.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Search_FiltersOverSeveralSegments_EqualExactFilteredSearch()
    {
        await WriteSegmentsAsync(4, 30);

        await AssertExactAsync(_index);
    }

    [Fact]
    public async Task Search_AfterUpdatesDeletesAndNewImages_EqualExactFilteredSearch()
    {
        await WriteSegmentsAsync(3, 30);

        await AssertExactAsync(_index);
        foreach (var n in Enumerable.Range(0, 8))
        {
            await _index.DeleteAsync(IdOf(_images[Key(n)].Path), Ct);
            _images.Remove(Key(n));
        }

        await WriteAsync(Enumerable.Range(10, 8).Select(n => _images[Key(n)] with { Vector = null }));
        await WriteAsync(Enumerable.Range(20, 8).Select(n => NewImage(n) with { Vector = Vector(1000 + n, Dimension), Kind = FileKind.Png, Group = "group:b" }));
        await WriteAsync(Enumerable.Range(90, 20).Select(NewImage));

        await AssertExactAsync(_index);
    }

    [Fact]
    public async Task Search_AfterACommitAddingOneImage_MapsOnlyTheNewSegment()
    {
        await WriteSegmentsAsync(3, 40);

        await AssertExactAsync(_index);
        var built = _index.DocumentRows.FullBuilds;
        await WriteAsync([NewImage(200)]);
        await AssertExactAsync(_index);

        Assert.Equal(3, built);
        Assert.Equal(4, _index.DocumentRows.FullBuilds);
        Assert.Equal(4, _index.DocumentRows.Segments);
    }

    [Fact]
    public async Task Search_UncommittedVectorChanges_FollowTheStoreAsTheIdFilterDid()
    {
        await WriteAsync(Enumerable.Range(0, 40).Select(NewImage));
        var target = IdOf(_images[Key(4)].Path);
        var query = new SearchQuery(string.Empty, Kind: "png", Limit: 50) { Vector = Vector(77, Dimension) };
        var before = await _index.SearchAsync(query, Ct);

        // Nothing below is committed: searches see the committed documents, scored with the store's vectors of the moment.
        // The deleted image's row goes to an image the searches do not see yet, then the image comes back in another row.
        await _index.DeleteAsync(target, Ct);
        var newcomer = NewImage(100) with { Kind = FileKind.Png };
        await _index.IndexAsync(Document(newcomer), Ct);
        var removed = await _index.SearchAsync(query, Ct);
        var replaced = Vector(4242, Dimension);
        await _index.IndexAsync(Document(_images[Key(4)] with { Vector = replaced }), Ct);
        var again = await _index.SearchAsync(query, Ct);

        Assert.Contains(before.Hits, h => h.Id == target);
        Assert.DoesNotContain(removed.Hits, h => h.Id == target || h.Id == IdOf(newcomer.Path));
        Assert.Equal(before.TotalHits - 1, removed.TotalHits);
        Assert.Equal(Cosine(Vector(77, Dimension), replaced), again.Hits.Single(h => h.Id == target).Score, 4);
        Assert.Equal(before.TotalHits, again.TotalHits);
    }

    [Fact]
    public async Task Search_AfterResetAsync_EqualExactFilteredSearchOfTheNewIndex()
    {
        await WriteAsync(Enumerable.Range(0, 60).Select(NewImage));
        await AssertExactAsync(_index);

        await _index.ResetAsync(Ct);
        _images.Clear();
        await WriteAsync(Enumerable.Range(500, 50).Select(NewImage));

        await AssertExactAsync(_index);
    }

    [Fact]
    public async Task Search_ReadingProcessAfterDeletesAndCompaction_EqualExactFilteredSearch()
    {
        await WriteAsync(Enumerable.Range(0, 80).Select(NewImage));
        await using var reader = LuceneTestIndex.Create(_temp.Combine("index"));
        await AssertExactAsync(reader);

        foreach (var n in Enumerable.Range(0, 30))
        {
            await _index.DeleteAsync(IdOf(_images[Key(n)].Path), Ct);
            _images.Remove(Key(n));
        }

        await WriteAsync(Enumerable.Range(40, 10).Select(n => NewImage(n) with { Vector = Vector(2000 + n, Dimension) }));
        var compaction = await _index.CompactVectorsAsync(Ct);

        Assert.True(compaction.BytesAfter < compaction.BytesBefore);
        await AssertExactAsync(reader);
        await AssertExactAsync(_index);
    }

    /// <summary>Every filter, alone and with a document to leave out, against the exact search over the images written.</summary>
    private async Task AssertExactAsync(LuceneSearchIndex index)
    {
        var similarTo = _images.Values.Where(i => i.Vector is not null).OrderBy(i => i.Path, StringComparer.Ordinal).First();
        foreach (var (name, apply, accepts) in Filters)
        {
            foreach (var seed in new[] { 7, 8, 9 })
            {
                var probe = Vector(seed, Dimension);
                var results = await index.SearchAsync(apply(new SearchQuery(string.Empty) { Vector = probe }), Ct);
                var expected = Exact(probe, accepts);
                Assert.NotEmpty(expected);
                Assert.Equal((name, expected.Count), (name, (int)results.TotalHits));
                Assert.Equal(name + ": " + string.Join(' ', expected.Take(10)), name + ": " + string.Join(' ', results.Hits.Select(h => h.Id)));
            }

            var request = apply(new SearchQuery(string.Empty) { SimilarTo = IdOf(similarTo.Path) });
            var similar = await index.SearchAsync(request, Ct);
            var model = request.VectorModel ?? similarTo.Model; // a search by document compares its own model's vectors unless told
            var others = Exact(similarTo.Vector!, i => accepts(i) && i.Model == model && i.Path != similarTo.Path);
            Assert.Equal(name + ": " + string.Join(' ', others.Take(10)), name + ": " + string.Join(' ', similar.Hits.Select(h => h.Id)));
            Assert.Equal((name, others.Count), (name, (int)similar.TotalHits));
        }
    }

    private List<DocumentId> Exact(float[] probe, Func<Image, bool> accepts) =>
        [.. _images.Values.Where(i => i.Vector is not null && accepts(i))
            .OrderByDescending(i => Cosine(probe, i.Vector!)).Select(i => IdOf(i.Path))];

    private static float Cosine(float[] a, float[] b) =>
        System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b);

    private async Task WriteAsync(IEnumerable<Image> images)
    {
        foreach (var image in images)
        {
            _images[image.Key] = image;
            await _index.IndexAsync(Document(image), Ct);
        }

        await _index.CommitAsync(Ct);
    }

    /// <summary>Writes <paramref name="segments"/> commits of <paramref name="size"/> new images each (one segment each).</summary>
    private async Task WriteSegmentsAsync(int segments, int size)
    {
        for (var segment = 0; segment < segments; segment++)
        {
            await WriteAsync(Enumerable.Range(segment * size, size).Select(NewImage));
        }
    }

    private static string Key(int n) => $"image-{n:D4}";

    /// <summary>An image of either type, folder, group and model, spread unevenly so filters cut across each other.</summary>
    private static Image NewImage(int n) => new(
        Key(n),
        n % 3 == 0 ? FileKind.Jpeg : FileKind.Png,
        n % 2 == 0 ? "a" : "b",
        n % 5 < 2 ? "group:a" : "group:b",
        Vector(n, Dimension),
        n % 4 == 0 ? "model-b" : "model-a");

    private static IndexDocument Document(Image image) =>
        Create(image.Path, image.Key, image.Kind) with
        {
            Vector = image.Vector,
            VectorModel = image.Model,
            Permissions = DocumentPermissions.Create([new PermissionEntry(image.Group, PermissionSource.Acl)]),
        };

    private sealed record Image(string Key, FileKind Kind, string Folder, string Group, float[]? Vector, string Model)
    {
        public string Path => $"{Folder}/{Key}";
    }
}
