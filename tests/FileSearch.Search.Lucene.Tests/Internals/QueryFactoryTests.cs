using FileSearch.Core.Ports;
using FileSearch.Search.Lucene.Internals;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;

namespace FileSearch.Search.Lucene.Tests.Internals;

[Trait("Category", "Unit")]
public sealed class QueryFactoryTests : IDisposable
{
    private readonly CjkBigramTextAnalysis _analysis = new();
    private readonly Analyzer _analyzer;

    public QueryFactoryTests() => _analyzer = _analysis.CreateAnalyzer(AnalysisPurpose.Query);

    public void Dispose() => _analyzer.Dispose();

    private QueryFactory CreateSut() => new(_analyzer, _analysis);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u3000")]
    public void Parse_EmptyText_MatchesAll(string text)
    {
        Assert.IsType<MatchAllDocsQuery>(CreateSut().Parse(text, out var fallback));
        Assert.False(fallback);
    }

    [Theory]
    [InlineData("\"open")]
    [InlineData("a AND")]
    [InlineData("(x OR")]
    [InlineData("title:")]
    [InlineData("*wild")]
    public void Parse_BadSyntax_FallsBackToWords(string text)
    {
        var query = CreateSut().Parse(text, out var fallback);

        Assert.True(fallback);
        Assert.NotNull(query);
    }

    [Fact]
    public void Parse_OperatorAlone_SearchesItAsAWord()
    {
        var query = CreateSut().Parse("AND", out var fallback);

        Assert.True(fallback);
        Assert.Contains(Assert.IsType<BooleanQuery>(query).Clauses, c => c.Query is TermQuery { Term.Text: "and" });
    }

    [Fact]
    public void Parse_OnlySymbols_MatchesNothing()
    {
        var query = CreateSut().Parse("!!! ???", out _);

        Assert.Empty(Assert.IsType<BooleanQuery>(query).Clauses);
    }

    [Fact]
    public void Parse_OnlyNegations_MatchesEverythingElse()
    {
        var query = Assert.IsType<BooleanQuery>(CreateSut().Parse("NOT secret", out _));

        Assert.Contains(query.Clauses, c => c.Occur == Occur.MUST && c.Query is MatchAllDocsQuery);
    }

    [Fact]
    public void Parse_VeryLongText_IsCut()
    {
        var text = string.Join(' ', Enumerable.Repeat("word", 2000));

        var query = Assert.IsType<BooleanQuery>(CreateSut().Parse(text, out _));

        Assert.True(query.Clauses.Count <= QueryFactory.MaxQueryChars / 5 + 1);
    }

    [Fact]
    public void Parse_SearchesTextNameAndPathWithNameBoosted()
    {
        var query = CreateSut().Parse("budget", out _);

        var clauses = Assert.IsType<BooleanQuery>(query).Clauses.Select(c => (TermQuery)c.Query).ToList();
        Assert.Equal(["name", "path", "text"], clauses.Select(c => c.Term.Field).Order());
        Assert.True(clauses.Single(c => c.Term.Field == "name").Boost > clauses.Single(c => c.Term.Field == "text").Boost);
    }

    [Theory]
    [InlineData("jpeg", "jpg")]
    [InlineData(".PDF", "pdf")]
    [InlineData("txt", "txt")]
    [InlineData("Custom", "custom")]
    public void Filter_Kind_UsesShortName(string kind, string expected)
    {
        var filtered = Assert.IsType<FilteredQuery>(QueryFilters.Apply(new MatchAllDocsQuery(), new SearchQuery("x", kind)));

        Assert.Contains($"kind:{expected}", filtered.Filter.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Filter_NoKind_ReturnsQueryUnchanged()
    {
        var query = new MatchAllDocsQuery();

        Assert.Same(query, QueryFilters.Apply(query, new SearchQuery("x")));
        Assert.Same(query, QueryFilters.Apply(query, new SearchQuery("x", " ")));
    }

    [Fact]
    public void QueryTerms_CollectsPositiveTermsPrefixesAndWildcards()
    {
        var query = CreateSut().Parse("\"quarterly report\" OR rev* OR b?dget NOT secret", out _);

        var terms = QueryTerms.From(query, IndexFields.Text);

        Assert.True(terms.Matches("quarterli"));
        Assert.True(terms.Matches("report"));
        Assert.True(terms.Matches("revenue"));
        Assert.True(terms.Matches("budget"));
        Assert.False(terms.Matches("secret"));
        Assert.False(terms.Matches("other"));
    }

    [Fact]
    public void QueryTerms_OtherFieldsAndUnsupportedQueries_AreIgnored()
    {
        var query = new BooleanQuery
        {
            { new TermQuery(new Term(IndexFields.Name, "budget")), Occur.SHOULD },
            { new FuzzyQuery(new Term(IndexFields.Text, "budgte")), Occur.SHOULD },
            { new DisjunctionMaxQuery(0) { new PrefixQuery(new Term(IndexFields.Path, "nas")) }, Occur.SHOULD },
            { new FilteredQuery(new TermQuery(new Term(IndexFields.Text, "x")), new TermFilter(new Term("kind", "pdf"))), Occur.SHOULD },
            {
                new MultiPhraseQuery { new[] { new Term(IndexFields.Text, "a"), new Term(IndexFields.Text, "b") } },
                Occur.SHOULD
            },
        };

        var terms = QueryTerms.From(query, IndexFields.Text);

        Assert.False(terms.Matches("budget"));
        Assert.False(terms.Matches("nas"));
        Assert.True(terms.Matches("x"));
        Assert.True(terms.Matches("a"));
        Assert.True(terms.Matches("b"));
    }
}
