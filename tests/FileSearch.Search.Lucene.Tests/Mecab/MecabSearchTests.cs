using FileSearch.Core.Ports;
using FileSearch.Testing;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Search.Lucene.Tests.Mecab;

/// <summary>The Japanese search behaviours of issue 4, end to end through the index with MeCab analysis.</summary>
[Trait("Category", "Integration")]
public sealed class MecabSearchTests(MecabFixture fixture) : IClassFixture<MecabFixture>, IAsyncLifetime
{
    private readonly TempDirectory _temp = new("lucene-mecab");
    private LuceneSearchIndex _index = null!;

    public async Task InitializeAsync()
    {
        _index = LuceneTestIndex.Create(_temp.Combine("index"), analysis: fixture.Analysis);
        IndexDocument[] documents =
        [
            Create("tokyo.txt", "東京都の人口統計を更新しました。"),
            Create("kyoto.txt", "京都の観光案内です。"),
            Create("sales.txt", "第3四半期の営業報告書を提出します。"),
            Create("server.txt", "サーバーの保守手順"),
            Create("server2.txt", "新しいサーバ構成"),
            Create("katakana.txt", "カタカナの説明書"),
            Create("went.txt", "昨日は大阪へ行きました。"),
            Create("go.txt", "来週、名古屋に行く予定"),
            Create("english.txt", "The committee reviewed the reports and approved the budget."),
            Create("product.txt", "新製品ピカチュウメーターの仕様"),
        ];
        await _index.IndexAllAsync(documents);
    }

    public async Task DisposeAsync()
    {
        await _index.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Search_Kyoto_DoesNotMatchTokyoTo()
    {
        Assert.Equal(["kyoto.txt"], await _index.SearchNamesAsync("京都"));
        Assert.Equal(["tokyo.txt"], await _index.SearchNamesAsync("東京都"));
    }

    [Fact]
    public async Task Search_Eigyo_MatchesEigyoHokokusho()
    {
        Assert.Equal(["sales.txt"], await _index.SearchNamesAsync("営業"));
        Assert.Equal(["sales.txt"], await _index.SearchNamesAsync("報告書"));
    }

    [Theory]
    [InlineData("サーバー")]
    [InlineData("サーバ")]
    public async Task Search_LongVowel_MatchesWithAndWithout(string query)
    {
        Assert.Equal(["server.txt", "server2.txt"], await _index.SearchNamesAsync(query));
    }

    [Fact]
    public async Task Search_HalfWidthKatakana_MatchesFullWidth()
    {
        Assert.Equal(["katakana.txt"], await _index.SearchNamesAsync("ｶﾀｶﾅ"));
    }

    [Theory]
    [InlineData("行きました")]
    [InlineData("行く")]
    public async Task Search_InflectedVerb_MatchesBaseForm(string query)
    {
        Assert.Equal(["go.txt", "went.txt"], await _index.SearchNamesAsync(query));
    }

    [Theory]
    [InlineData("reports")]
    [InlineData("report")]
    [InlineData("REVIEWING")]
    public async Task Search_EnglishInflections_MatchTheStem(string query)
    {
        Assert.Equal(["english.txt"], await _index.SearchNamesAsync(query));
    }

    [Fact]
    public async Task Search_QuotedPhrase_MatchesOnlyInOrder()
    {
        Assert.Equal(["english.txt"], await _index.SearchNamesAsync("\"approved the budget\""));
        Assert.Empty(await _index.SearchNamesAsync("\"budget approved\""));
        Assert.Equal(["sales.txt"], await _index.SearchNamesAsync("\"営業報告書\""));
        Assert.Empty(await _index.SearchNamesAsync("\"報告書営業\""));
    }

    [Fact]
    public async Task Search_Prefix_MatchesWordStarts()
    {
        Assert.Equal(["english.txt"], await _index.SearchNamesAsync("commit*"));
        Assert.Equal(["server.txt", "server2.txt"], await _index.SearchNamesAsync("サー*"));
    }

    [Fact]
    public async Task Search_BooleanOperators_Apply()
    {
        Assert.Equal(["server.txt"], await _index.SearchNamesAsync("サーバ AND 保守"));
        Assert.Equal(["kyoto.txt", "tokyo.txt"], await _index.SearchNamesAsync("京都 OR 東京都"));
        Assert.Equal(["server2.txt"], await _index.SearchNamesAsync("サーバ NOT 保守"));
    }

    [Fact]
    public async Task Search_UnknownWord_FoundThroughBigrams()
    {
        Assert.Equal(["product.txt"], await _index.SearchNamesAsync("ピカチュウ"));
    }

    [Fact]
    public async Task Search_BaseFormMatch_HighlightsSurface()
    {
        var results = await _index.SearchAsync(new SearchQuery("行く"), CancellationToken.None);

        var went = Assert.Single(results.Hits, h => h.Name == "went.txt");
        Assert.Equal("行き", Assert.Single(went.Snippet, p => p.IsMatch).Text);
    }
}
