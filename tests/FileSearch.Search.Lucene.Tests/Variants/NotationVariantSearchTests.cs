using FileSearch.Core.Ports;
using FileSearch.Testing;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Search.Lucene.Tests.Variants;

/// <summary>Notation variants end to end through the index: found, exact spelling first, the document's spelling marked.</summary>
[Trait("Category", "Integration")]
public sealed class NotationVariantSearchTests(VariantsFixture fixture) : IClassFixture<VariantsFixture>, IAsyncLifetime
{
    private readonly TempDirectory _temp = new("lucene-variant-search");
    private LuceneSearchIndex _index = null!;

    public async Task InitializeAsync()
    {
        _index = LuceneTestIndex.Create(_temp.Combine("index"), analysis: fixture.Analysis);
        await _index.IndexAllAsync(
            Create("variant.txt", "本日、髙橋部長から申込みの件で連絡があった。"),
            Create("exact.txt", "高橋部長への申し込みは完了した。"),
            Create("compound.txt", "納品書兼受領書を同封します。"),
            Create("word.txt", "来週の納品について相談します。"));
    }

    public async Task DisposeAsync()
    {
        await _index.DisposeAsync();
        _temp.Dispose();
    }

    [Theory]
    [InlineData("高橋", "exact.txt")]
    [InlineData("髙橋", "variant.txt")]
    [InlineData("申し込み", "exact.txt")]
    [InlineData("申込み", "variant.txt")]
    public async Task Search_EitherSpelling_FindsBothAndTheTypedSpellingFirst(string query, string first)
    {
        var hits = (await _index.SearchAsync(new SearchQuery(query), CancellationToken.None)).Hits;
        Assert.Equal(first, hits[0].Name);
        Assert.Equal(["exact.txt", "variant.txt"], hits.Select(h => h.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Search_CompoundPart_FindsCompoundBelowWholeWord()
    {
        var hits = (await _index.SearchAsync(new SearchQuery("納品"), CancellationToken.None)).Hits;
        Assert.Equal(["word.txt", "compound.txt"], hits.Select(h => h.Name));
    }

    [Fact]
    public async Task Search_OtherSpelling_SnippetMarksTheDocumentsSpelling()
    {
        var hit = (await _index.SearchAsync(new SearchQuery("高橋"), CancellationToken.None)).Hits.Single(h => h.Name == "variant.txt");
        Assert.Contains(hit.Snippet, p => p.IsMatch && p.Text.Contains("髙橋", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HighlightAsync_OtherSpelling_MarksTheDocumentsSpelling()
    {
        var parts = await _index.HighlightAsync("ウィンドウ", "設定ウインドウを開く", CancellationToken.None);
        Assert.Contains(parts, p => p.IsMatch && p.Text == "ウインドウ");
    }
}
