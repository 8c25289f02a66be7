using System.Net;
using System.Text.Json.Nodes;
using FileSearch.Core.Text;
using FileSearch.Search.OpenSearch.Internals;
using FileSearch.Testing;

namespace FileSearch.Search.OpenSearch.Tests;

/// <summary>The normalised field of the OpenSearch mapping folds notation variants as the Lucene adapter does.</summary>
[Trait("Category", "Unit")]
public sealed class OpenSearchNotationVariantTests
{
    [Fact]
    public void Build_Template_TextNormUsesTheVariantCharFilter()
    {
        var body = IndexTemplate.Build(new OpenSearchOptions());

        var analysis = body["settings"]!["analysis"]!;
        Assert.Equal("fs_ja_norm", body["mappings"]!["properties"]!["text"]!["fields"]!["norm"]!["analyzer"]!.GetValue<string>());
        Assert.Equal(["fs_variants", "fs_okurigana"], analysis["analyzer"]!["fs_ja_norm"]!["char_filter"]!.AsArray().Select(n => n!.GetValue<string>()));
        var rules = analysis["char_filter"]!["fs_variants"]!["mappings"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Contains("髙 => 高", rules);
        Assert.Contains("﨑 => 崎", rules);
        Assert.Contains("ウィ => ウイ", rules);
        Assert.Contains("ヴァ => バ", rules);
    }

    [Fact]
    public async Task EnsureIndexAsync_AliasMissing_RecordedTemplateFoldsOkuriganaInTextNorm()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.NotFound).Respond(HttpStatusCode.OK, """{"acknowledged":true}""");
        using var sut = Sut.Create(handler);

        await sut.EnsureIndexAsync(CancellationToken.None);

        var body = JsonNode.Parse(handler.Requests[1].Body!)!;
        Assert.Equal(IndexTemplate.AnalysisVersion, body["mappings"]!["_meta"]!["filesearch"]!["analysis"]!.GetValue<int>());
        var okurigana = body["settings"]!["analysis"]!["char_filter"]!["fs_okurigana"]!;
        Assert.Equal("mapping", okurigana["type"]!.GetValue<string>());
        var rules = okurigana["mappings"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(NotationVariants.OkuriganaVariants.Count, rules.Count);
        Assert.Contains("申し込み => 申込", rules);
        Assert.Contains("申込み => 申込", rules);
        Assert.Contains("問い合わせ => 問合", rules);
        Assert.Contains("取扱い => 取扱", rules);
        Assert.Contains("見積り => 見積", rules);
        Assert.DoesNotContain(rules, r => r.StartsWith("申込 =>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EnsureIndexAsync_IndexOfOlderAnalysis_LogsReindexAll()
    {
        var logger = new ListLogger<OpenSearchSearchIndex>();
        var handler = new RecordingHandler().RespondFile("Docs/get-mapping.response.json");
        using var sut = Sut.Create(handler, logger: logger);

        await sut.EnsureIndexAsync(CancellationToken.None);

        Assert.Equal((HttpMethod.Get, "/filesearch/_mapping"), (handler.Requests[0].Method, handler.Requests[0].PathAndQuery));
        var warning = Assert.Single(logger.Entries, e => e.EventId == 5211);
        Assert.Contains("filesearch-v1", warning.Message, StringComparison.Ordinal);
        Assert.Contains("reindex --all", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureIndexAsync_IndexOfCurrentAnalysis_LogsNoWarning()
    {
        var current = JsonNode.Parse(Contract.Read("Docs/get-mapping.response.json"))!;
        current["filesearch-v1"]!["mappings"]!["_meta"] = new JsonObject
        {
            ["filesearch"] = new JsonObject { ["analysis"] = IndexTemplate.AnalysisVersion },
        };
        var logger = new ListLogger<OpenSearchSearchIndex>();
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK, current.ToJsonString());
        using var sut = Sut.Create(handler, logger: logger);

        await sut.EnsureIndexAsync(CancellationToken.None);

        Assert.DoesNotContain(logger.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Theory]
    [InlineData("申込", "申し込み")]
    [InlineData("申込み", "申し込み")]
    [InlineData("申込", "申込み")]
    [InlineData("問合せ", "問い合わせ")]
    [InlineData("取扱", "取扱い")]
    [InlineData("取扱", "取り扱い")]
    [InlineData("見積", "見積り")]
    [InlineData("見積", "見積もり")]
    [InlineData("高橋", "髙橋")]
    [InlineData("山崎", "山﨑")]
    [InlineData("ウィンドウ", "ウインドウ")]
    [InlineData("ヴァイオリン", "バイオリン")]
    public void TextNormCharFilters_ExamplePairs_MeetInBothDirections(string one, string other)
    {
        var filters = new MappingCharFilterModel(IndexTemplate.Build(new OpenSearchOptions()), "fs_ja_norm");

        Assert.Equal(2, filters.FilterCount);
        Assert.Equal(filters.Apply(one), filters.Apply(other));
        Assert.Equal(filters.Apply($"{one}についての依頼書"), filters.Apply($"{other}についての依頼書"));
    }

    [Theory]
    [InlineData("髙橋部長の申し込み書と見積もりを受け付けた")]
    [InlineData("ウィンドウの取り扱い説明書を問い合わせる")]
    [InlineData("納品書兼受領書")]
    public void TextNormCharFilters_SameAsCoreFold(string text)
    {
        var filters = new MappingCharFilterModel(IndexTemplate.Build(new OpenSearchOptions()), "fs_ja_norm");

        Assert.Equal(NotationVariants.Fold(text), filters.Apply(text));
    }

    [Theory]
    [InlineData("申込", "申請")]
    [InlineData("上がり", "上り")]
    [InlineData("高橋", "高島")]
    public void TextNormCharFilters_DifferentWords_StayApart(string one, string other)
    {
        var filters = new MappingCharFilterModel(IndexTemplate.Build(new OpenSearchOptions()), "fs_ja_norm");

        Assert.NotEqual(filters.Apply(one), filters.Apply(other));
    }

    [Fact]
    public void TextQuery_Fields_NormalisedBetweenWordsAndBigrams()
    {
        var fields = RequestBodies.TextQuery("高橋")["simple_query_string"]!["fields"]!.AsArray().Select(n => n!.GetValue<string>());

        Assert.Equal(["text^2", "text.norm", "text.bigram^0.5", "name"], fields);
    }
}
