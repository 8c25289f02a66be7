using FileSearch.Core.Domain;
using Xunit;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Testing.Conformance;

/// <summary>Query language, Japanese text and snippets.</summary>
public abstract partial class SearchIndexConformanceTests
{
    [Fact]
    public async Task SearchAsync_JapaneseWord_MatchesCompoundAndNotOtherWords()
    {
        await IndexAndCommitAsync(
            Create("sales.txt", "第3四半期の営業報告書を提出します。"),
            Create("spec.txt", "新製品の技術仕様書を添付します。"));

        Assert.Equal(["sales.txt"], Keys(await SearchAsync("営業")));
        Assert.Equal(["spec.txt"], Keys(await SearchAsync("仕様書")));
    }

    [Fact]
    public async Task SearchAsync_Snippet_MarksMatchedText()
    {
        await IndexAndCommitAsync(
            Create("en.txt", "The board reviewed the quarterly revenue figures and approved the plan."),
            Create("ja.txt", "本日の会議では営業報告書について議論しました。"));

        var en = Assert.Single((await SearchAsync("revenue")).Hits);
        var ja = Assert.Single((await SearchAsync("営業")).Hits);

        Assert.Contains(en.Snippet, p => p.IsMatch && p.Text.Equals("revenue", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(ja.Snippet, p => p.IsMatch && p.Text.Contains("営業", StringComparison.Ordinal));
        Assert.Contains("quarterly revenue figures", string.Concat(en.Snippet.Select(p => p.Text)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_Operators_FollowQuerySyntax()
    {
        await IndexAndCommitAsync(
            Create("ab.txt", "apple banana"),
            Create("a.txt", "apple cherry"),
            Create("b.txt", "banana cherry"));

        Assert.Equal(["ab.txt"], Keys(await SearchAsync("apple banana")));
        Assert.Equal(["a.txt", "ab.txt", "b.txt"], Keys(await SearchAsync("apple OR banana")));
        Assert.Equal(["a.txt"], Keys(await SearchAsync("apple NOT banana")));
        Assert.Equal(["ab.txt"], Keys(await SearchAsync("\"apple banana\"")));
        Assert.Empty((await SearchAsync("\"banana apple\"")).Hits);
        Assert.Equal(["a.txt", "ab.txt"], Keys(await SearchAsync("appl*")));
    }

    [Theory]
    [InlineData("\"unbalanced")]
    [InlineData("(apple")]
    [InlineData("AND")]
    [InlineData("apple AND")]
    [InlineData("text:")]
    [InlineData("[a TO")]
    [InlineData("*")]
    [InlineData("~~~ ^^ !!")]
    public async Task SearchAsync_InvalidSyntax_DoesNotThrow(string text)
    {
        await IndexAndCommitAsync(Create("a.txt", "apple pie"));

        var results = await SearchAsync(text);

        Assert.True(results.TotalHits >= 0);
    }

    [Fact]
    public async Task SearchAsync_UnbalancedQuote_StillFindsTheWord()
    {
        await IndexAndCommitAsync(Create("a.txt", "apple pie"), Create("b.txt", "cherry pie"));

        Assert.Equal(["a.txt"], Keys(await SearchAsync("\"apple")));
    }

    [Fact]
    public async Task SearchAsync_FileNameWord_FindsDocument()
    {
        await IndexAndCommitAsync(
            Create("minutes/board_meeting-2024.docx", "Attendees and decisions.", FileKind.Docx),
            Create("other.txt", "Nothing related."));

        Assert.Equal(["minutes/board_meeting-2024.docx"], Keys(await SearchAsync("meeting")));
    }

    [Fact]
    public async Task SearchAsync_NameMatch_RanksAboveTextOnlyMatch()
    {
        await IndexAndCommitAsync(
            Create("misc/notes.txt", "Some notes that mention the budget once among many other words here."),
            Create("finance/budget.xlsx", "Totals per department.", FileKind.Xlsx));

        var results = await SearchAsync("budget");

        Assert.Equal(2, results.TotalHits);
        Assert.Equal(IdOf("finance/budget.xlsx"), results.Hits[0].Id);
    }
}
