using FileSearch.Core.Ports;
using FileSearch.Search.Lucene.Internals;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace FileSearch.Search.Lucene.Tests.Internals;

[Trait("Category", "Unit")]
public sealed class SnippetBuilderTests : IDisposable
{
    private readonly Analyzer _analyzer = new CjkBigramTextAnalysis().CreateAnalyzer(AnalysisPurpose.Index);

    public void Dispose() => _analyzer.Dispose();

    private SnippetBuilder CreateSut(int maxChars = 40, int maxAnalyzedChars = 100_000) => new(_analyzer, maxChars, maxAnalyzedChars);

    private static QueryTerms Terms(params string[] terms)
    {
        var query = new BooleanQuery();
        foreach (var term in terms)
        {
            query.Add(new TermQuery(new Term(IndexFields.Text, term)), Occur.SHOULD);
        }

        return QueryTerms.From(query, IndexFields.Text);
    }

    private static string Joined(IReadOnlyList<SnippetPart> parts) => string.Concat(parts.Select(p => p.Text));

    [Fact]
    public void Build_EnglishWord_MarksExactlyTheWordAsWritten()
    {
        var parts = CreateSut().Build("Monthly Reports are due.", Terms("report"));

        Assert.Equal(
            [new SnippetPart("Monthly ", false), new SnippetPart("Reports", true), new SnippetPart(" are due.", false)],
            parts);
    }

    [Fact]
    public void Build_OverlappingBigrams_MergeIntoOneMatch()
    {
        var parts = CreateSut().Build("今月の営業報告書です", Terms("営業", "業報", "報告"));

        Assert.Equal("営業報告", Assert.Single(parts, p => p.IsMatch).Text);
        Assert.Equal("今月の営業報告書です", Joined(parts));
    }

    [Fact]
    public void Build_NoMatch_ReturnsLeadingTextUnmarked()
    {
        var text = new string('a', 30) + " " + new string('b', 30);

        var part = Assert.Single(CreateSut().Build(text, Terms("zzz")));

        Assert.False(part.IsMatch);
        Assert.Equal(text[..40], part.Text);
    }

    [Fact]
    public void Build_EmptyText_ReturnsNoParts()
    {
        Assert.Empty(CreateSut().Build(string.Empty, Terms("a")));
    }

    [Fact]
    public void Build_NoQueryTerms_ReturnsLeadingText()
    {
        var terms = QueryTerms.From(new MatchAllDocsQuery(), IndexFields.Text);

        Assert.True(terms.IsEmpty);
        Assert.Equal([new SnippetPart("short text", false)], CreateSut().Build("short text", terms));
    }

    [Fact]
    public void Build_LongText_PicksWindowWithMostDistinctMatches()
    {
        var filler = string.Concat(Enumerable.Repeat("lorem ipsum ", 20));
        var text = "alpha " + filler + "alpha beta gamma " + filler + "beta";

        var parts = CreateSut(maxChars: 40).Build(text, Terms("alpha", "beta", "gamma"));

        Assert.Equal(["alpha", "beta", "gamma"], parts.Where(p => p.IsMatch).Select(p => p.Text));
        Assert.True(Joined(parts).Length <= 40);
    }

    [Fact]
    public void Build_MatchDeepInText_StartsAtWordBoundaryWithContext()
    {
        var text = string.Concat(Enumerable.Repeat("filler words here ", 30)) + "the needle is here";

        var parts = CreateSut(maxChars: 40).Build(text, Terms("needl"));

        var joined = Joined(parts);
        Assert.Contains("needle", joined, StringComparison.Ordinal);
        Assert.False(joined.StartsWith(' '));
        Assert.True(joined.Length <= 40);
        Assert.Contains(joined, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Newlines_AreShownAsSpaces()
    {
        var parts = CreateSut().Build("first line\nsecond\tline with match", Terms("match"));

        Assert.Equal("first line second line with match", Joined(parts));
    }

    [Fact]
    public void Build_MatchBeyondAnalyzedCap_IsNotSearched()
    {
        var text = new string('x', 2000) + " needle";

        var parts = CreateSut(maxChars: 40, maxAnalyzedChars: 1000).Build(text, Terms("needl"));

        Assert.DoesNotContain(parts, p => p.IsMatch);
    }

    [Fact]
    public void Build_WindowEdgeInsideSurrogatePair_DoesNotSplitIt()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 30)) + " match " + string.Concat(Enumerable.Repeat("😀", 30));

        foreach (var maxChars in new[] { 20, 21, 22, 23 })
        {
            var joined = Joined(CreateSut(maxChars).Build(text, Terms("match")));
            Assert.False(char.IsLowSurrogate(joined[0]), $"starts with a low surrogate at {maxChars}");
            Assert.False(char.IsHighSurrogate(joined[^1]), $"ends with a high surrogate at {maxChars}");
        }
    }

    [Fact]
    public void Build_ManyMatches_StaysBounded()
    {
        var text = string.Concat(Enumerable.Repeat("hit ", 50_000));

        var parts = CreateSut(maxChars: 40, maxAnalyzedChars: 1_000_000).Build(text, Terms("hit"));

        Assert.True(Joined(parts).Length <= 40);
        Assert.Contains(parts, p => p is { IsMatch: true, Text: "hit" });
    }

    [Fact]
    public void Merge_TouchingAndOverlappingSpans_Join()
    {
        var merged = SnippetBuilder.Merge([new(5, 7), new(0, 2), new(1, 3), new(3, 4), new(10, 12)]);

        Assert.Equal([new MatchSpan(0, 4), new MatchSpan(5, 7), new MatchSpan(10, 12)], merged);
    }
}
