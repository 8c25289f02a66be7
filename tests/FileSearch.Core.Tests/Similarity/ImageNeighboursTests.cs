using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Core.Similarity;
using FileSearch.Testing.Fakes;

namespace FileSearch.Core.Tests.Similarity;

/// <summary>Near-duplicate images: links from one k-NN lookup per image, groups by cosine threshold, one document's group.</summary>
[Trait("Category", "Unit")]
public sealed class ImageNeighboursTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task FindAsync_EditedCopyAndDistinctPhoto_LinksEachPairOnceWithCosine()
    {
        var (index, candidates) = await IndexAsync(
            ("/写真/海辺.jpg", "h1", [1f, 0f, 0f]),
            ("/写真/海辺_縮小.jpg", "h2", [0.96f, 0.28f, 0f]),
            ("/写真/花.jpg", "h3", [0f, 0f, 1f]));

        var links = await ImageNeighbours.FindAsync(index, candidates, null, 0.5, Ct);

        var link = Assert.Single(links);
        Assert.Equal(new[] { candidates[0].Id.Value, candidates[1].Id.Value }.Order(StringComparer.Ordinal), new[] { link.A.Value, link.B.Value }.Order(StringComparer.Ordinal));
        Assert.Equal(0.96, link.Similarity, 3);
    }

    [Fact]
    public async Task FindAsync_BudgetSpent_LeftoverImagesLookedUpByLaterCalls()
    {
        var (index, candidates) = await IndexAsync(
            ("/写真/海辺.jpg", "h1", [1f, 0f, 0f]),
            ("/写真/海辺_縮小.jpg", "h2", [0.96f, 0.28f, 0f]),
            ("/写真/花.jpg", "h3", [0f, 0f, 1f]));
        var cache = new ImageNeighbourCache();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };

        var first = await ImageNeighbours.FindAsync(index, candidates, null, 0.5, Ct, cache: cache, budget: TimeSpan.FromSeconds(1.5), time: clock);
        var pendingAfterFirst = cache.Pending;
        var calls = 1;
        while (cache.Pending > 0 && calls < 10)
        {
            await ImageNeighbours.FindAsync(index, candidates, null, 0.5, Ct, cache: cache, budget: TimeSpan.FromSeconds(1.5), time: clock);
            calls++;
        }

        var complete = await ImageNeighbours.FindAsync(index, candidates, null, 0.5, Ct, cache: cache, budget: TimeSpan.FromSeconds(1.5), time: clock);
        var unbounded = await ImageNeighbours.FindAsync(index, candidates, null, 0.5, Ct);

        Assert.InRange(pendingAfterFirst, 1, 2);
        Assert.InRange(calls, 2, 3);
        Assert.Equal(0, cache.Pending);
        Assert.Equal(unbounded.OrderBy(l => l.A.Value, StringComparer.Ordinal), complete.OrderBy(l => l.A.Value, StringComparer.Ordinal));
        Assert.Single(complete);
        Assert.True(first.Count <= complete.Count);
    }

    [Fact]
    public async Task Find_LinksAtAndBelowThreshold_ImageGroupOfLinkedPicturesOnly()
    {
        var (index, candidates) = await IndexAsync(
            ("/写真/海辺.jpg", "h1", [1f, 0f, 0f]),
            ("/写真/海辺_縮小.jpg", "h2", [0.96f, 0.28f, 0f]),
            ("/写真/海辺_白黒.jpg", "h3", [0.8f, 0f, 0.6f]),
            ("/写真/花.jpg", "h4", [0f, 0f, 1f]));
        var links = await ImageNeighbours.FindAsync(index, candidates, null, 0, Ct);

        var report = DuplicateFinder.Find(candidates, DuplicateFinder.DefaultThreshold, DuplicateFinder.DefaultFamilyThreshold, 0.9, links);
        var loose = DuplicateFinder.Find(candidates, DuplicateFinder.DefaultThreshold, DuplicateFinder.DefaultFamilyThreshold, 0.75, links);

        var group = Assert.Single(report.Groups);
        Assert.Equal((DuplicateKind.Image, 0L), (group.Kind, group.WastedBytes));
        Assert.Equal(["/写真/海辺.jpg", "/写真/海辺_縮小.jpg"], group.Members.Select(m => m.Path));
        Assert.Equal(0.96, group.Similarity, 3);
        Assert.Equal(["/写真/海辺.jpg", "/写真/海辺_白黒.jpg", "/写真/海辺_縮小.jpg"], Assert.Single(loose.Groups).Members.Select(m => m.Path));
    }

    [Fact]
    public async Task Find_ByteIdenticalPicturesOnly_ExactGroupNoImageGroup()
    {
        var (index, candidates) = await IndexAsync(("/写真/海辺.jpg", "h1", [1f, 0f, 0f]), ("/控え/海辺.jpg", "h1", [1f, 0f, 0f]));
        var links = await ImageNeighbours.FindAsync(index, candidates, null, 0, Ct);

        var report = DuplicateFinder.Find(candidates, DuplicateFinder.DefaultThreshold, DuplicateFinder.DefaultFamilyThreshold, DuplicateFinder.DefaultImageThreshold, links);

        Assert.Equal(DuplicateKind.Exact, Assert.Single(report.Groups).Kind);
    }

    [Fact]
    public async Task FindAsync_WithCache_LooksUpOnlyNewAndChangedImagesAndDropsStaleLinks()
    {
        var (index, candidates) = await IndexAsync(
            ("/写真/海辺.jpg", "h1", [1f, 0f, 0f]), ("/写真/海辺_縮小.jpg", "h2", [0.96f, 0.28f, 0f]), ("/写真/花.jpg", "h3", [0f, 0f, 1f]));
        var counting = new CountingIndex(index);
        var cache = new ImageNeighbourCache();
        await ImageNeighbours.FindAsync(counting, candidates, null, 0.5, Ct, cache: cache);
        Assert.Equal(3, counting.Lookups);

        // The smaller copy is replaced by a different picture (new version): only it is looked up again, and its old link goes.
        await index.IndexAsync(Document("/写真/海辺_縮小.jpg", [0f, 1f, 0f]), Ct);
        await index.CommitAsync(Ct);
        candidates[1] = candidates[1] with { VectorStamp = "v2" };
        var links = await ImageNeighbours.FindAsync(counting, candidates, null, 0.5, Ct, cache: cache);

        Assert.Equal(4, counting.Lookups);
        Assert.Empty(links);
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public async Task Of_DocumentWithImageLinks_ImageGroupWalkedFromIt()
    {
        var (index, candidates) = await IndexAsync(
            ("/写真/海辺.jpg", "h1", [1f, 0f, 0f]), ("/写真/海辺_縮小.jpg", "h2", [0.96f, 0.28f, 0f]), ("/写真/花.jpg", "h3", [0f, 0f, 1f]));
        var links = await ImageNeighbours.FindAsync(index, candidates, null, 0, Ct);

        var sea = DocumentDuplicates.Of(candidates[0], candidates, DuplicateFinder.DefaultThreshold, DuplicateFinder.DefaultFamilyThreshold,
            DuplicateFinder.DefaultImageThreshold, links);
        var flower = DocumentDuplicates.Of(candidates[2], candidates, DuplicateFinder.DefaultThreshold, DuplicateFinder.DefaultFamilyThreshold,
            DuplicateFinder.DefaultImageThreshold, links);

        Assert.Equal(["/写真/海辺.jpg", "/写真/海辺_縮小.jpg"], sea.Image!.Members.Select(m => m.Path));
        Assert.Equal(DuplicateKind.Image, sea.Image.Kind);
        Assert.Null(flower.Image);
    }

    private static async Task<(InMemorySearchIndex Index, List<DuplicateCandidate> Candidates)> IndexAsync(
        params (string Path, string Sha, float[] Vector)[] pictures)
    {
        var index = new InMemorySearchIndex();
        var candidates = new List<DuplicateCandidate>();
        foreach (var (path, sha, vector) in pictures)
        {
            var document = Document(path, vector);
            await index.IndexAsync(document, Ct);
            candidates.Add(new DuplicateCandidate(document.Id, path, 1000, T0, sha, null) { HasVector = true, VectorStamp = "v1" });
        }

        await index.CommitAsync(Ct);
        return (index, candidates);
    }

    private static IndexDocument Document(string path, float[] vector) => new()
    {
        Id = DocumentId.From("nas", path),
        Bucket = "nas",
        Key = path,
        Name = Path.GetFileName(path),
        Path = path,
        Kind = FileKind.Jpeg,
        Vector = vector,
        VectorModel = "resnet18-imagenet-v1/512",
    };

    /// <summary>Counts the lookups that reach the index.</summary>
    private sealed class CountingIndex(ISearchIndex inner) : ISearchIndex
    {
        public int Lookups { get; private set; }

        public Task IndexAsync(IndexDocument document, CancellationToken cancellationToken) => inner.IndexAsync(document, cancellationToken);

        public Task DeleteAsync(DocumentId id, CancellationToken cancellationToken) => inner.DeleteAsync(id, cancellationToken);

        public Task DeleteAsync(DocumentId id, DocumentVersion upTo, CancellationToken cancellationToken) => inner.DeleteAsync(id, upTo, cancellationToken);

        public Task CommitAsync(CancellationToken cancellationToken) => inner.CommitAsync(cancellationToken);

        public Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken) => inner.SearchAsync(query, cancellationToken);

        public Task<long> CountAsync(CancellationToken cancellationToken) => inner.CountAsync(cancellationToken);

        public Task<IReadOnlyList<VectorNeighbour>> NearestAsync(DocumentId id, int limit, Visibility? visibility, CancellationToken cancellationToken)
        {
            Lookups++;
            return inner.NearestAsync(id, limit, visibility, cancellationToken);
        }
    }
}
