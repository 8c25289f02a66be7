using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using Xunit;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Testing.Conformance;

/// <summary>
/// Behaviour every <see cref="ISearchIndex"/> adapter must show (Lucene embedded, OpenSearch).
/// A derived class supplies instances over one store per test; calling <see cref="OpenIndexAsync"/>
/// again opens another instance over the same store, as a restarted or second process would.
/// </summary>
public abstract partial class SearchIndexConformanceTests : IAsyncLifetime
{
    private readonly List<ISearchIndex> _opened = [];

    /// <summary>The index under test, opened before each test.</summary>
    protected ISearchIndex Index { get; private set; } = null!;

    protected static CancellationToken Ct => CancellationToken.None;

    /// <summary>Opens a new instance over this test's store (empty at the start of each test).</summary>
    protected abstract Task<ISearchIndex> CreateIndexAsync();

    /// <summary>Closes an instance (disposes it by default).</summary>
    protected virtual async Task CloseIndexAsync(ISearchIndex index)
    {
        switch (index)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    public async Task InitializeAsync() => Index = await OpenIndexAsync();

    public async Task DisposeAsync()
    {
        foreach (var index in _opened)
        {
            await CloseIndexAsync(index);
        }
    }

    protected async Task<ISearchIndex> OpenIndexAsync()
    {
        var index = await CreateIndexAsync();
        _opened.Add(index);
        return index;
    }

    protected async Task IndexAndCommitAsync(params IndexDocument[] documents)
    {
        foreach (var document in documents)
        {
            await Index.IndexAsync(document, Ct);
        }

        await Index.CommitAsync(Ct);
    }

    protected Task<SearchResults> SearchAsync(string text, string? kind = null, int limit = 10, int offset = 0) =>
        Index.SearchAsync(new SearchQuery(text, kind, limit, offset), Ct);

    protected static IReadOnlyList<string> Keys(SearchResults results) =>
        [.. results.Hits.Select(h => h.Path["/nas/share/".Length..]).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task SearchAsync_EmptyIndex_ReturnsNoHits()
    {
        var results = await SearchAsync("anything");

        Assert.Equal(0, results.TotalHits);
        Assert.Empty(results.Hits);
        Assert.Equal(0, await Index.CountAsync(Ct));
    }

    [Fact]
    public async Task CommitAsync_NothingWritten_Succeeds()
    {
        await Index.CommitAsync(Ct);

        Assert.Equal(0, await Index.CountAsync(Ct));
    }

    [Fact]
    public async Task SearchAsync_CommittedDocument_ReturnsHitWithMetadata()
    {
        var modified = new DateTimeOffset(2024, 12, 24, 18, 0, 0, TimeSpan.Zero);
        await IndexAndCommitAsync(
            Create("reports/q1.pdf", "Quarterly revenue grew in the north region.", FileKind.Pdf, size: 98765, modified: modified),
            Create("notes/todo.txt", "Buy milk."));

        var results = await SearchAsync("revenue");

        var hit = Assert.Single(results.Hits);
        Assert.Equal(1, results.TotalHits);
        Assert.Equal(IdOf("reports/q1.pdf"), hit.Id);
        Assert.Equal("q1.pdf", hit.Name);
        Assert.Equal("/nas/share/reports/q1.pdf", hit.Path);
        Assert.Equal(FileKind.Pdf, hit.Kind);
        Assert.Equal(98765, hit.Size);
        Assert.Equal(modified, hit.Modified);
        Assert.True(hit.Score > 0);
    }

    [Fact]
    public async Task IndexAsync_SameIdTwice_KeepsOnlyTheNewVersion()
    {
        await IndexAndCommitAsync(Create("a.txt", "old wording about apples"));
        await IndexAndCommitAsync(Create("a.txt", "new wording about oranges"));

        Assert.Equal(1, await Index.CountAsync(Ct));
        Assert.Empty((await SearchAsync("apples")).Hits);
        Assert.Equal(IdOf("a.txt"), Assert.Single((await SearchAsync("oranges")).Hits).Id);
    }

    [Fact]
    public async Task DeleteAsync_ThenCommit_RemovesDocument()
    {
        await IndexAndCommitAsync(Create("a.txt", "alpha document"), Create("b.txt", "alpha again"));

        await Index.DeleteAsync(IdOf("a.txt"), Ct);
        await Index.DeleteAsync(IdOf("never-indexed.txt"), Ct);
        await Index.CommitAsync(Ct);

        Assert.Equal(1, await Index.CountAsync(Ct));
        Assert.Equal(["b.txt"], Keys(await SearchAsync("alpha")));
    }

    [Fact]
    public async Task SearchAsync_KindFilter_ReturnsOnlyThatKind()
    {
        await IndexAndCommitAsync(
            Create("contract.pdf", "contract terms", FileKind.Pdf),
            Create("contract.docx", "contract draft", FileKind.Docx),
            Create("scan.png", "contract scan", FileKind.Png));

        var pdf = await SearchAsync("contract", kind: "pdf");
        var png = await SearchAsync("contract", kind: "png");
        var all = await SearchAsync("contract");

        Assert.Equal(["contract.pdf"], Keys(pdf));
        Assert.Equal(1, pdf.TotalHits);
        Assert.Equal(["scan.png"], Keys(png));
        Assert.Equal(3, all.TotalHits);
    }

    [Fact]
    public async Task SearchAsync_Paging_ReturnsDisjointPagesAndFullTotal()
    {
        var documents = Enumerable.Range(0, 25).Select(i => Create($"doc{i:D2}.txt", $"shared topic number {i}")).ToArray();
        await IndexAndCommitAsync(documents);

        var pages = new List<SearchResults>();
        for (var offset = 0; offset < 30; offset += 10)
        {
            pages.Add(await SearchAsync("topic", limit: 10, offset: offset));
        }

        Assert.All(pages, p => Assert.Equal(25, p.TotalHits));
        Assert.Equal([10, 10, 5], pages.Select(p => p.Hits.Count));
        var ids = pages.SelectMany(p => p.Hits).Select(h => h.Id).ToList();
        Assert.Equal(25, ids.Distinct().Count());
    }

    [Fact]
    public async Task SearchAsync_LimitZero_ReturnsTotalOnly()
    {
        await IndexAndCommitAsync(Create("a.txt", "zebra"), Create("b.txt", "zebra"));

        var results = await SearchAsync("zebra", limit: 0);

        Assert.Equal(2, results.TotalHits);
        Assert.Empty(results.Hits);
    }

    [Fact]
    public async Task CountAsync_AfterCommit_CountsDocuments()
    {
        await IndexAndCommitAsync(Create("a.txt", "one"), Create("b.txt", "two"), Create("c.txt", "three"));

        Assert.Equal(3, await Index.CountAsync(Ct));
    }

    [Fact]
    public async Task CommitAsync_ThenReopen_DocumentsAreDurable()
    {
        await IndexAndCommitAsync(Create("kept.txt", "durable words"));

        var second = await OpenIndexAsync();
        Assert.Equal(["kept.txt"], Keys(await second.SearchAsync(new SearchQuery("durable"), Ct)));

        await CloseIndexAsync(Index);
        _opened.Remove(Index);
        var reopened = await OpenIndexAsync();
        Assert.Equal(1, await reopened.CountAsync(Ct));
        Assert.Equal(["kept.txt"], Keys(await reopened.SearchAsync(new SearchQuery("durable"), Ct)));
    }
}
