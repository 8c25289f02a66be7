using System.Net;
using System.Text.Json.Nodes;
using FileSearch.Core.Ports;
using FileSearch.Search.OpenSearch.Internals;

namespace FileSearch.Search.OpenSearch.Tests;

/// <summary>Facets, suggestions and highlighting: request bodies against Contracts/, responses shaped as OpenSearch documents them.</summary>
[Trait("Category", "Unit")]
public sealed class OpenSearchFacetContractTests
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task SearchAsync_Facets_SendsAggregationsAndParsesDocumentedBuckets()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK).RespondFile("Docs/search-facets.response.json");
        using var sut = Sut.Create(handler);

        var results = await sut.SearchAsync(new SearchQuery("契約", Limit: 0) { PathPrefix = "/nas/営業/", IncludeFacets = true }, Ct);

        Contract.AssertJson("search-facets.request.json", handler.Requests[1].Body);
        Assert.Equal(5, results.TotalHits);
        Assert.Empty(results.Hits);
        var facets = results.Facets!;
        Assert.Equal([new("pdf", 3), new("docx", 1), new("txt", 1)], facets.Kinds);
        Assert.Equal([new("2024-03", 3), new("2023-12", 1), new("2024-05", 1)], facets.Months);
        // 2024 counted 2 in the '/' field and 1 (its documents directly in it) in the '\' field: the larger count wins.
        Assert.Equal([new("/nas/営業/2024", 2), new("/nas/営業/2023", 1)], facets.Folders);
    }

    [Fact]
    public async Task SearchAsync_NoFacetsAsked_SendsNoAggregationsAndReturnsNone()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK).RespondFile("search-highlight.response.json");
        using var sut = Sut.Create(handler);

        var results = await sut.SearchAsync(new SearchQuery("契約"), Ct);

        Assert.DoesNotContain("\"aggs\"", handler.Requests[1].Body, StringComparison.Ordinal);
        Assert.Null(results.Facets);
    }

    [Theory]
    [InlineData(null, @"[/\\]?[^/\\]+")]
    [InlineData("/nas/営業/", @"\/nas\/営業\/[^/\\]+")]
    [InlineData("/nas/営業", @"\/nas\/営業[/\\]?[^/\\]+")]
    [InlineData(@"D:\経理\", @"D\:\\経理\\[^/\\]+")]
    [InlineData("/a.b (c)/", @"\/a\.b\ \(c\)\/[^/\\]+")]
    public void FolderInclude_Prefix_MatchesOnlyFoldersOneLevelBelow(string? prefix, string expected)
    {
        Assert.Equal(expected, RequestBodies.FolderInclude(prefix));
    }

    [Fact]
    public async Task SuggestAsync_WideMixedCasePrefix_SendsNormalisedPrefixWithCappedSize()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK).RespondFile("Docs/suggest.response.json");
        using var sut = Sut.Create(handler);

        await sut.SuggestAsync("  Ｑｕａｒ ", 500, null, Ct);

        Assert.Equal((HttpMethod.Post, "/filesearch/_search"), (handler.Requests[1].Method, handler.Requests[1].PathAndQuery));
        Contract.AssertJson("suggest.request.json", handler.Requests[1].Body);
    }

    [Fact]
    public async Task SuggestAsync_DocumentedResponse_NamesAndWordsMostDocumentsFirst()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK).RespondFile("Docs/suggest.response.json");
        using var sut = Sut.Create(handler);

        var suggestions = await sut.SuggestAsync("契", 4, null, Ct);

        Assert.Equal(
            [
                new Suggestion("契約", SuggestionSource.Term, 5),
                new Suggestion("契約書", SuggestionSource.Term, 2),
                new Suggestion("契約一覧.txt", SuggestionSource.Name, 1),
                new Suggestion("契約書_2023.pdf", SuggestionSource.Name, 1),
            ],
            suggestions);
    }

    [Fact]
    public async Task SuggestAsync_IndexWithOlderMapping_FailsNamingReindex()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK).Respond(HttpStatusCode.BadRequest, """
            {"error":{"root_cause":[{"type":"illegal_argument_exception","reason":"Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [text] in order to load field data by uninverting the inverted index. Note that this can use significant memory."}],"type":"search_phase_execution_exception","reason":"all shards failed"},"status":400}
            """);
        using var sut = Sut.Create(handler);

        var ex = await Assert.ThrowsAsync<Core.Errors.ProcessingException>(() => sut.SuggestAsync("契", 10, null, Ct));

        Assert.Equal(("index-mapping-outdated", Core.Errors.FailureKind.Permanent), (ex.Code, ex.Kind));
        Assert.Contains("reindex --all", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \t")]
    public async Task SuggestAsync_EmptyPrefix_SendsNothing(string prefix)
    {
        var handler = new RecordingHandler();
        using var sut = Sut.Create(handler);

        Assert.Empty(await sut.SuggestAsync(prefix, 10, null, Ct));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task HighlightAsync_WidthVariants_AnalysesQueryAndTextAndMarksOriginalOffsets()
    {
        const string text = "ＡＢＣ社と abc の件、ｹｲﾔｸ";
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK)
            .RespondFile("Docs/analyze-query.response.json")
            .RespondFile("Docs/analyze-text.response.json")
            .Respond(HttpStatusCode.OK, """{"tokens":[]}""");
        using var sut = Sut.Create(handler);

        var parts = await sut.HighlightAsync("abc AND ケイヤク NOT 件", text, Ct);

        Assert.Equal((HttpMethod.Post, "/filesearch/_analyze"), (handler.Requests[1].Method, handler.Requests[1].PathAndQuery));
        Contract.AssertJson("analyze-query.request.json", handler.Requests[1].Body);
        Contract.AssertJson("analyze-text.request.json", handler.Requests[2].Body);
        Assert.Equal(
            [new("ＡＢＣ", true), new("社と ", false), new("abc", true), new(" の件、", false), new("ｹｲﾔｸ", true)],
            parts);
    }

    [Fact]
    public async Task HighlightAsync_LongText_AnalysesInChunksAndShiftsOffsets()
    {
        var text = new string('a', 4900) + " abc " + new string('b', 5000) + "abc";
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK)
            .Respond(HttpStatusCode.OK, """{"tokens":[{"token":"abc","start_offset":0,"end_offset":3,"type":"word","position":0}]}""")
            .Respond(HttpStatusCode.OK, """{"tokens":[{"token":"abc","start_offset":4901,"end_offset":4904,"type":"word","position":1}]}""")
            .Respond(HttpStatusCode.OK, """{"tokens":[]}""")
            .Respond(HttpStatusCode.OK, """{"tokens":[{"token":"abc","start_offset":0,"end_offset":3,"type":"word","position":0}]}""")
            .Respond(HttpStatusCode.OK, """{"tokens":[]}""");
        using var sut = Sut.Create(handler);

        var parts = await sut.HighlightAsync("abc", text, Ct);

        Assert.Equal(6, handler.Requests.Count);
        Assert.Equal(text, string.Concat(parts.Select(p => p.Text)));
        Assert.Equal([(4901, true), (9905, true)], Positions(parts).Where(p => p.Match));
    }

    [Fact]
    public async Task HighlightAsync_OtherSpelling_MarksTheTextsSpellingThroughTheNormalisedField()
    {
        const string text = "髙橋部長";
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK)
            .Respond(HttpStatusCode.OK, """{"tokens":[{"token":"高橋","start_offset":0,"end_offset":2,"type":"word","position":0}]}""")
            .Respond(HttpStatusCode.OK, """{"tokens":[{"token":"髙橋","start_offset":0,"end_offset":2,"type":"word","position":0},{"token":"部長","start_offset":2,"end_offset":4,"type":"word","position":1}]}""")
            .Respond(HttpStatusCode.OK, """{"tokens":[{"token":"高橋","start_offset":0,"end_offset":2,"type":"word","position":0}]}""")
            .Respond(HttpStatusCode.OK, """{"tokens":[{"token":"高橋","start_offset":0,"end_offset":2,"type":"word","position":0},{"token":"部長","start_offset":2,"end_offset":4,"type":"word","position":1}]}""");
        using var sut = Sut.Create(handler);

        var parts = await sut.HighlightAsync("高橋", text, Ct);

        Assert.Equal(["text", "text", "text.norm", "text.norm"], handler.Requests.Skip(1).Select(r => JsonNode.Parse(r.Body!)!["field"]!.GetValue<string>()));
        Assert.Equal([new SnippetPart("髙橋", true), new SnippetPart("部長", false)], parts);
    }

    [Fact]
    public async Task HighlightAsync_OnlyOperatorsOrNegatedWords_SendsNothing()
    {
        var handler = new RecordingHandler();
        using var sut = Sut.Create(handler);

        var parts = await sut.HighlightAsync("NOT 草案 -下書き", "本文", Ct);

        Assert.Equal([new SnippetPart("本文", false)], parts);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public void HighlightWords_Query_DropsOperatorsAndNegationsKeepsPrefixes()
    {
        var (words, prefixes) = OpenSearchSearchIndex.HighlightWords("\"営業 報告\" AND Rep* OR 会議 NOT 草案 -下書き");

        Assert.Equal(["営業", "報告", "会議"], words);
        Assert.Equal(["rep"], prefixes);
    }

    private static IEnumerable<(int Start, bool Match)> Positions(IReadOnlyList<SnippetPart> parts)
    {
        var position = 0;
        foreach (var part in parts)
        {
            yield return (position, part.IsMatch);
            position += part.Text.Length;
        }
    }
}
