using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Testing.Fakes;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Core.Tests.Fakes;

/// <summary>The fake's facets, suggestions and highlighting (it matches substrings, so it does not run the search conformance suite).</summary>
[Trait("Category", "Unit")]
public sealed class InMemorySearchIndexTests
{
    private static CancellationToken Ct => CancellationToken.None;

    private static async Task<InMemorySearchIndex> IndexedAsync()
    {
        var index = new InMemorySearchIndex();
        await index.IndexAsync(Create("営業/2024/契約書_2024.pdf", "契約書 renewal", FileKind.Pdf, modified: new(2024, 3, 10, 0, 0, 0, TimeSpan.Zero)), Ct);
        await index.IndexAsync(Create("営業/メモ.txt", "契約 メモ"), Ct);
        await index.IndexAsync(Create("経理/見積書.xlsx", "見積書 renewal", FileKind.Xlsx, modified: new(2024, 4, 1, 8, 0, 0, TimeSpan.FromHours(9))), Ct);
        await index.CommitAsync(Ct);
        return index;
    }

    [Fact]
    public async Task SearchAsync_IncludeFacets_CountsEveryMatchUnderThePrefix()
    {
        var index = await IndexedAsync();

        var results = await index.SearchAsync(new SearchQuery(string.Empty, Limit: 1) { PathPrefix = "/nas/share/営業/", IncludeFacets = true }, Ct);

        Assert.Equal(2, results.TotalHits);
        Assert.Equal([new FacetCount("pdf", 1), new FacetCount("txt", 1)], results.Facets!.Kinds);
        Assert.Equal([new FacetCount("2024-03", 1)], results.Facets.Months);
        Assert.Equal([new FacetCount("/nas/share/営業/2024", 1)], results.Facets.Folders);
    }

    [Fact]
    public async Task SuggestAsync_JapanesePrefix_NamesAndWordsMostDocumentsFirst()
    {
        var index = await IndexedAsync();

        var suggestions = await index.SuggestAsync("契", 10, null, Ct);

        Assert.Equal(
            [new Suggestion("契約書_2024.pdf", SuggestionSource.Name, 1), new Suggestion("契約", SuggestionSource.Term, 1), new Suggestion("契約書", SuggestionSource.Term, 1)],
            suggestions);
        Assert.Empty(await index.SuggestAsync(" ", 10, null, Ct));
    }

    [Fact]
    public async Task HighlightAsync_Occurrences_MarksThemAndKeepsTheText()
    {
        var index = new InMemorySearchIndex();

        var parts = await index.HighlightAsync("abc", "xABCyabc", Ct);

        Assert.Equal([new SnippetPart("x", false), new SnippetPart("ABC", true), new SnippetPart("y", false), new SnippetPart("abc", true)], parts);
    }
}
