using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using Xunit;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Testing.Conformance;

/// <summary>Filters by date, path and size, and sort orders.</summary>
public abstract partial class SearchIndexConformanceTests
{
    private static readonly DateTimeOffset Jan = new(2024, 1, 15, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Jun = new(2024, 6, 15, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Dec = new(2024, 12, 15, 0, 0, 0, TimeSpan.Zero);

    protected Task<SearchResults> SearchAsync(SearchQuery query) => Index.SearchAsync(query, Ct);

    private Task IndexDatedAsync() => IndexAndCommitAsync(
        Create("sales/jan.txt", "budget plan", size: 100, modified: Jan),
        Create("sales/jun.txt", "budget plan budget", size: 5_000, modified: Jun),
        Create("hr/dec.txt", "budget plan", size: 90_000, modified: Dec),
        Create("hr/undated.txt", "budget plan", size: 10));

    [Fact]
    public async Task SearchAsync_ModifiedRange_ReturnsDocumentsInsideInclusive()
    {
        await IndexDatedAsync();

        Assert.Equal(["sales/jun.txt"], Keys(await SearchAsync(new SearchQuery("budget") { ModifiedFrom = Jun, ModifiedTo = Jun })));
        Assert.Equal(["hr/dec.txt", "sales/jun.txt"], Keys(await SearchAsync(new SearchQuery("budget") { ModifiedFrom = Jun.AddDays(-1) })));
        Assert.Equal(["sales/jan.txt"], Keys(await SearchAsync(new SearchQuery("budget") { ModifiedTo = Jan.AddDays(1) })));
    }

    [Fact]
    public async Task SearchAsync_PathPrefix_ReturnsOnlyThatFolder()
    {
        await IndexDatedAsync();

        var results = await SearchAsync(new SearchQuery("budget") { PathPrefix = "/nas/share/hr/" });

        Assert.Equal(["hr/dec.txt", "hr/undated.txt"], Keys(results));
        Assert.Equal(2, results.TotalHits);
    }

    [Fact]
    public async Task SearchAsync_SizeRange_ReturnsDocumentsInsideInclusive()
    {
        await IndexDatedAsync();

        Assert.Equal(["sales/jun.txt"], Keys(await SearchAsync(new SearchQuery("budget") { MinSize = 101, MaxSize = 5_000 })));
        Assert.Equal(["hr/dec.txt"], Keys(await SearchAsync(new SearchQuery("budget") { MinSize = 5_001 })));
        Assert.Equal(["hr/undated.txt", "sales/jan.txt"], Keys(await SearchAsync(new SearchQuery("budget") { MaxSize = 100 })));
    }

    [Fact]
    public async Task SearchAsync_FiltersCombined_AllApply()
    {
        await IndexDatedAsync();
        await IndexAndCommitAsync(Create("sales/jun.pdf", "budget plan", FileKind.Pdf, size: 5_000, modified: Jun));

        var query = new SearchQuery("budget", Kind: "pdf") { PathPrefix = "/nas/share/sales/", ModifiedFrom = Jun, MinSize = 1_000 };

        Assert.Equal(["sales/jun.pdf"], Keys(await SearchAsync(query)));
    }

    [Fact]
    public async Task SearchAsync_SortByDate_OrdersByModifiedWithUndatedLast()
    {
        await IndexDatedAsync();

        var newest = await SearchAsync(new SearchQuery("budget") { Sort = SearchSort.Newest });
        var oldest = await SearchAsync(new SearchQuery("budget") { Sort = SearchSort.Oldest });

        Assert.Equal(["dec.txt", "jun.txt", "jan.txt", "undated.txt"], newest.Hits.Select(h => h.Name));
        Assert.Equal(["jan.txt", "jun.txt", "dec.txt", "undated.txt"], oldest.Hits.Select(h => h.Name));
    }

    [Fact]
    public async Task SearchAsync_SortByDateWithPaging_PagesFollowTheOrder()
    {
        await IndexDatedAsync();

        var first = await SearchAsync(new SearchQuery("budget", Limit: 2) { Sort = SearchSort.Newest });
        var second = await SearchAsync(new SearchQuery("budget", Limit: 2, Offset: 2) { Sort = SearchSort.Newest });

        Assert.Equal(["dec.txt", "jun.txt"], first.Hits.Select(h => h.Name));
        Assert.Equal(["jan.txt", "undated.txt"], second.Hits.Select(h => h.Name));
        Assert.Equal(4, second.TotalHits);
    }

    [Fact]
    public async Task SearchAsync_SortByRelevance_BestMatchFirst()
    {
        await IndexDatedAsync();

        var results = await SearchAsync(new SearchQuery("budget") { Sort = SearchSort.Relevance });

        Assert.Equal("jun.txt", results.Hits[0].Name);
        Assert.True(results.Hits[0].Score >= results.Hits[^1].Score);
    }
}
