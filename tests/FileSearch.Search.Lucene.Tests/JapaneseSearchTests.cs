using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Testing;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Search.Lucene.Tests;

/// <summary>The analysis behaviours, end to end through the index.</summary>
[Trait("Category", "Integration")]
public sealed class JapaneseSearchTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("lucene-ja");
    private LuceneSearchIndex _index = null!;

    public async Task InitializeAsync()
    {
        _index = LuceneTestIndex.Create(_temp.Combine("index"));
        IndexDocument[] documents =
        [
            Create("sales.txt", "第3四半期の営業報告書を提出します。"),
            Create("spec.txt", "新製品の技術仕様書を添付します。"),
            Create("separate.txt", "営業部と報告会の予定。"),
            Create("katakana.txt", "カタカナの説明書"),
            Create("latin.txt", "The abc project report was approved."),
            Create("company.txt", "株式会社サンプルの定款"),
            Create("mixed.txt", "PDF営業資料 for the quarterly review"),
        ];
        await _index.IndexAllAsync(documents);
    }

    public async Task DisposeAsync()
    {
        await _index.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Search_TwoKanjiWord_MatchesCompoundOnly()
    {
        Assert.Equal(["mixed.txt", "sales.txt", "separate.txt"], await _index.SearchNamesAsync("営業"));
    }

    [Fact]
    public async Task Search_FourKanjiWord_MatchesAsPhraseOfBigrams()
    {
        // separate.txt has 営業 and 報告 but not 営業報告: an unquoted word is a phrase of its bigrams.
        Assert.Equal(["sales.txt"], await _index.SearchNamesAsync("営業報告"));
        Assert.Equal(["sales.txt"], await _index.SearchNamesAsync("\"営業報告書\""));
    }

    [Fact]
    public async Task Search_HalfWidthKatakana_MatchesFullWidth()
    {
        Assert.Equal(["katakana.txt"], await _index.SearchNamesAsync("ｶﾀｶﾅ"));
    }

    [Fact]
    public async Task Search_FullWidthLatin_MatchesAscii()
    {
        Assert.Equal(["latin.txt"], await _index.SearchNamesAsync("ＡＢＣ"));
    }

    [Theory]
    [InlineData("reports")]
    [InlineData("reporting")]
    [InlineData("REPORT")]
    public async Task Search_EnglishInflections_MatchTheStem(string query)
    {
        Assert.Equal(["latin.txt"], await _index.SearchNamesAsync(query));
    }

    [Theory]
    [InlineData("株", "company.txt")]
    [InlineData("款", "company.txt")]
    [InlineData("定", "company.txt,separate.txt")]
    [InlineData("書", "katakana.txt,sales.txt,spec.txt")]
    public async Task Search_SingleKanji_MatchesInsideWords(string query, string expected)
    {
        Assert.Equal(expected.Split(','), await _index.SearchNamesAsync(query));
    }

    [Theory]
    [InlineData("PDF営業")]
    [InlineData("営業 quarterly")]
    [InlineData("営業資料 review")]
    public async Task Search_MixedScripts_MatchesDocumentWithBoth(string query)
    {
        Assert.Equal(["mixed.txt"], await _index.SearchNamesAsync(query));
    }

    [Fact]
    public async Task Search_BigramWord_HighlightsWholeWordAsOneMatch()
    {
        var results = await _index.SearchAsync(new SearchQuery("営業報告"), CancellationToken.None);

        var hit = Assert.Single(results.Hits);
        var match = Assert.Single(hit.Snippet, p => p.IsMatch);
        Assert.Equal("営業報告", match.Text);
        Assert.Equal("第3四半期の営業報告書を提出します。", string.Concat(hit.Snippet.Select(p => p.Text)));
    }

    [Fact]
    public async Task Search_SingleKanji_HighlightsThatCharacter()
    {
        var results = await _index.SearchAsync(new SearchQuery("株"), CancellationToken.None);

        var match = Assert.Single(Assert.Single(results.Hits).Snippet, p => p.IsMatch);
        Assert.Equal("株", match.Text);
    }

    [Fact]
    public async Task Search_KindFilterWithJapanese_CombinesWithQuery()
    {
        await _index.IndexAsync(Create("sales.pdf", "営業報告書のPDF版", FileKind.Pdf), CancellationToken.None);
        await _index.CommitAsync(CancellationToken.None);

        Assert.Equal(["sales.pdf"], await _index.SearchNamesAsync("営業", kind: "pdf"));
        Assert.Equal(["sales.pdf"], await _index.SearchNamesAsync("営業", kind: " PDF "));
        Assert.Empty(await _index.SearchNamesAsync("営業", kind: "unknown-kind"));
    }
}
