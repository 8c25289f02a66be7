using FileSearch.Search.OpenSearch.Internals;

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
        Assert.Equal(["fs_variants"], analysis["analyzer"]!["fs_ja_norm"]!["char_filter"]!.AsArray().Select(n => n!.GetValue<string>()));
        var rules = analysis["char_filter"]!["fs_variants"]!["mappings"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Contains("髙 => 高", rules);
        Assert.Contains("﨑 => 崎", rules);
        Assert.Contains("ウィ => ウイ", rules);
        Assert.Contains("ヴァ => バ", rules);
    }

    [Fact]
    public void TextQuery_Fields_NormalisedBetweenWordsAndBigrams()
    {
        var fields = RequestBodies.TextQuery("高橋")["simple_query_string"]!["fields"]!.AsArray().Select(n => n!.GetValue<string>());

        Assert.Equal(["text^2", "text.norm", "text.bigram^0.5", "name"], fields);
    }
}
