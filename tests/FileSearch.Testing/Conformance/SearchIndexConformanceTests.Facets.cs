using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using Xunit;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Testing.Conformance;

/// <summary>Facets, suggestions and whole-text highlighting, with Japanese names, folders and text.</summary>
public abstract partial class SearchIndexConformanceTests
{
    private static IndexDocument Filed(string path, string text, FileKind kind, DateTimeOffset? modified, long size = 1234) =>
        Create(path.TrimStart('/'), text, kind, size: size, modified: modified) with
        {
            Path = path,
            Name = path[(path.LastIndexOfAny(['/', '\\']) + 1)..],
        };

    /// <summary>Six documents: four under /nas/営業 (one directly in it), one under /nas/経理, one on a Windows path.</summary>
    private Task IndexFiledAsync() => IndexAndCommitAsync(
        Filed("/nas/営業/2024/契約書_2024.pdf", "契約書 業務委託 renewal", FileKind.Pdf, new(2024, 3, 10, 0, 0, 0, TimeSpan.Zero), size: 500),
        Filed("/nas/営業/2024/見積依頼.docx", "見積 依頼", FileKind.Docx, new(2024, 3, 20, 0, 0, 0, TimeSpan.Zero)),
        Filed("/nas/営業/2023/契約書_2023.pdf", "契約書 更新 renewal", FileKind.Pdf, new(2024, 4, 1, 8, 0, 0, TimeSpan.FromHours(9))),
        Filed("/nas/営業/メモ.txt", "契約 メモ", FileKind.Text, null),
        Filed("/nas/経理/見積書_2024.xlsx", "見積書 契約金額 renewal", FileKind.Xlsx, new(2024, 5, 2, 0, 0, 0, TimeSpan.Zero)),
        Filed(@"D:\経理\2024\契約一覧.txt", "契約 一覧", FileKind.Text, new(2023, 12, 31, 23, 59, 59, TimeSpan.Zero)));

    private static List<(string, long)> Counts(IReadOnlyList<FacetCount> facet) => [.. facet.Select(f => (f.Value, f.Count))];

    private async Task<SearchResults> FacetSearchAsync(SearchQuery query)
    {
        var results = await SearchAsync(query with { IncludeFacets = true });
        Assert.NotNull(results.Facets);
        Assert.Equal(results.TotalHits, results.Facets.Kinds.Sum(k => k.Count));
        return results;
    }

    [Fact]
    public async Task SearchAsync_FacetsOnAllDocuments_CountsKindsUtcMonthsAndTopFoldersInOrder()
    {
        await IndexFiledAsync();

        var results = await FacetSearchAsync(new SearchQuery(string.Empty, Limit: 1));

        Assert.Equal(6, results.TotalHits);
        Assert.Single(results.Hits);
        Assert.Equal([("pdf", 2L), ("txt", 2L), ("docx", 1L), ("xlsx", 1L)], Counts(results.Facets!.Kinds));
        Assert.Equal([("2024-03", 3L), ("2023-12", 1L), ("2024-05", 1L)], Counts(results.Facets.Months));
        Assert.Equal([("/nas", 5L), ("D:", 1L)], Counts(results.Facets.Folders));
    }

    [Fact]
    public async Task SearchAsync_FacetsUnderPathPrefix_CountsChildFoldersNotDocumentsDirectlyInIt()
    {
        await IndexFiledAsync();

        var slash = await FacetSearchAsync(new SearchQuery(string.Empty) { PathPrefix = "/nas/営業/" });
        var bare = await FacetSearchAsync(new SearchQuery(string.Empty) { PathPrefix = "/nas/営業" });
        var windows = await FacetSearchAsync(new SearchQuery(string.Empty) { PathPrefix = @"D:\経理\" });

        Assert.Equal(4, slash.TotalHits);
        Assert.Equal([("/nas/営業/2024", 2L), ("/nas/営業/2023", 1L)], Counts(slash.Facets!.Folders));
        Assert.Equal([("pdf", 2L), ("docx", 1L), ("txt", 1L)], Counts(slash.Facets.Kinds));
        Assert.Equal(Counts(slash.Facets.Folders), Counts(bare.Facets!.Folders));
        Assert.Equal([(@"D:\経理\2024", 1L)], Counts(windows.Facets!.Folders));
    }

    [Fact]
    public async Task SearchAsync_FacetsWithFilters_CountOnlyWhatTheHitsMatch()
    {
        await IndexFiledAsync();

        var pdf = await FacetSearchAsync(new SearchQuery(string.Empty, Kind: "pdf"));
        var renewal = await FacetSearchAsync(new SearchQuery("renewal"));
        var recent = await FacetSearchAsync(new SearchQuery(string.Empty) { ModifiedFrom = new DateTimeOffset(2024, 3, 15, 0, 0, 0, TimeSpan.Zero) });
        var large = await FacetSearchAsync(new SearchQuery("renewal") { MinSize = 1000 });

        Assert.Equal((2L, 2L), (pdf.TotalHits, pdf.Facets!.Months.Single().Count));
        Assert.Equal([("/nas", 2L)], Counts(pdf.Facets.Folders));
        Assert.Equal(3, renewal.TotalHits);
        Assert.Equal([("pdf", 2L), ("xlsx", 1L)], Counts(renewal.Facets!.Kinds));
        Assert.Equal([("2024-03", 2L), ("2024-05", 1L)], Counts(renewal.Facets.Months));
        Assert.Equal([("2024-03", 2L), ("2024-05", 1L)], Counts(recent.Facets!.Months));
        Assert.Equal(3, recent.TotalHits);
        Assert.Equal([("pdf", 1L), ("xlsx", 1L)], Counts(large.Facets!.Kinds));
    }

    [Fact]
    public async Task SearchAsync_FacetsWithLimitZeroOrSorted_StillCountEveryMatch()
    {
        await IndexFiledAsync();

        var counted = await FacetSearchAsync(new SearchQuery("renewal", Limit: 0));
        var sorted = await FacetSearchAsync(new SearchQuery("renewal", Limit: 1) { Sort = SearchSort.Newest });
        var plain = await SearchAsync(new SearchQuery("renewal"));

        Assert.Empty(counted.Hits);
        Assert.Equal((3L, 3L), (counted.TotalHits, counted.Facets!.Folders.Single().Count));
        Assert.Equal(Counts(counted.Facets.Months), Counts(sorted.Facets!.Months));
        Assert.Equal("見積書_2024.xlsx", Assert.Single(sorted.Hits).Name);
        Assert.Null(plain.Facets);
    }

    [Fact]
    public async Task SuggestAsync_JapanesePrefix_SuggestsNamesAndWordsMostDocumentsFirst()
    {
        await IndexFiledAsync();

        var suggestions = await Index.SuggestAsync("契", 20, null, Ct);

        var names = suggestions.Where(s => s.Source == SuggestionSource.Name).Select(s => (s.Text, s.Documents)).Order().ToList();
        Assert.Equal([("契約一覧.txt", 1L), ("契約書_2023.pdf", 1L), ("契約書_2024.pdf", 1L)], names);
        var word = Assert.Single(suggestions, s => s is { Source: SuggestionSource.Term, Text: "契約" });
        Assert.True(word.Documents >= 2, $"契約 in {word.Documents} documents");
        Assert.All(suggestions, s => Assert.StartsWith("契", s.Text, StringComparison.Ordinal));
        Assert.Equal(suggestions.Select(s => s.Documents).OrderDescending(), suggestions.Select(s => s.Documents));
        Assert.Equal(2, (await Index.SuggestAsync("契", 2, null, Ct)).Count);
    }

    [Fact]
    public async Task SuggestAsync_FullWidthOrUpperCasePrefix_MatchesNormalisedNames()
    {
        await IndexAndCommitAsync(Create("reports/Quarterly_Report.pdf", "quarterly numbers", FileKind.Pdf));

        var wide = await Index.SuggestAsync("ＱＵＡＲ", 10, null, Ct);

        Assert.Contains(new Suggestion("Quarterly_Report.pdf", SuggestionSource.Name, 1), wide);
        Assert.Contains(wide, s => s is { Source: SuggestionSource.Term, Text: "quarterli" or "quarterly", Documents: 1 });
        Assert.Empty(await Index.SuggestAsync("zzz", 10, null, Ct));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task SuggestAsync_EmptyPrefix_ReturnsNothing(string prefix)
    {
        await IndexFiledAsync();

        Assert.Empty(await Index.SuggestAsync(prefix, 10, null, Ct));
        Assert.Empty(await Index.SuggestAsync("契", 0, null, Ct));
    }

    [Fact]
    public async Task HighlightAsync_FullWidthAndHalfWidthVariants_MarksThemInTheOriginalText()
    {
        const string text = "契約書の確認。ＡＢＣ社と abc の件、ｹｲﾔｸ\r\n担当: Abc";

        var latin = await Index.HighlightAsync("abc", text, Ct);
        var kana = await Index.HighlightAsync("ケイヤク", text, Ct);

        Assert.Equal(text, string.Concat(latin.Select(p => p.Text)));
        Assert.Equal(["ＡＢＣ", "abc", "Abc"], latin.Where(p => p.IsMatch).Select(p => p.Text));
        Assert.Equal(text, string.Concat(kana.Select(p => p.Text)));
        Assert.Equal(["ｹｲﾔｸ"], kana.Where(p => p.IsMatch).Select(p => p.Text));
    }

    [Fact]
    public async Task HighlightAsync_JapaneseWord_MarksItAndKeepsTheRestVerbatim()
    {
        const string text = "本日、見積の件で。\n見積を送付します";

        var parts = await Index.HighlightAsync("見積", text, Ct);
        var none = await Index.HighlightAsync("無関係", text, Ct);

        Assert.Equal(text, string.Concat(parts.Select(p => p.Text)));
        Assert.Equal(["見積", "見積"], parts.Where(p => p.IsMatch).Select(p => p.Text));
        Assert.Equal([new SnippetPart(text, false)], none);
        Assert.Empty(await Index.HighlightAsync("見積", string.Empty, Ct));
    }
}
