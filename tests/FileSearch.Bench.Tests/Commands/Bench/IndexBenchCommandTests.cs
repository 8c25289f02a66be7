using System.Text.RegularExpressions;
using FileSearch.Bench.Commands.Bench;
using FileSearch.Cli.Commands;
using FileSearch.Search.Lucene;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;

namespace FileSearch.Bench.Tests.Commands.Bench;

/// <summary><c>bench index</c>: both analyses must find the one document that names a person; an analysis that cannot must fail the run.</summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class IndexBenchCommandTests
{
    [Fact]
    [Trait("Category", "Integration")]
    public async Task Index_SmallCorpus_BothAnalysesFindEveryKnownItemAndPass()
    {
        using var temp = new FileSearch.Testing.TempDirectory("fs-bench-index");

        var (exit, output) = await InProcessBench.RunAsync(temp.Path, "bench", "index", "--count", "300");

        Assert.True(exit == ExitCodes.Success, output);
        Assert.Matches(ResultLine(), output.TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public async Task RunAsync_AnalysisWhoseQueriesCannotMatchTheIndex_RecallZeroAndProblemReported()
    {
        var run = await IndexBenchCommand.RunAsync("broken", new MismatchedAnalysis(), 40, CancellationToken.None);

        Assert.Equal(0, run.Recall.Value);
        Assert.Equal(40, run.Recall.Queries);
        var problem = Assert.Single(IndexBenchCommand.Problems(run, 0.95));
        Assert.StartsWith("broken: recall 0.0 % (0 of 40 known-item queries found their document in the top 10), below 95 %; missed: doc0.txt (佐藤健太)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BigramAnalysis_FindsEveryKnownItem()
    {
        var run = await IndexBenchCommand.RunAsync("cjk-bigram", new CjkBigramTextAnalysis(), 60, CancellationToken.None);

        Assert.Equal((60, 60), (run.Recall.Queries, run.Recall.Found));
        Assert.Empty(IndexBenchCommand.Problems(run, 1.0));
    }

    [Fact]
    public void Corpus_KnownItems_EachNameInItsDocumentOnly()
    {
        var corpus = new IndexBenchCorpus(500, 200);
        var texts = Enumerable.Range(0, 500).Select(corpus.Text).ToList();

        Assert.Equal(200, corpus.KnownItems.Count);
        Assert.Equal(200, corpus.KnownItems.Select(k => k.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(corpus.KnownItems, item => Assert.Equal([item.Document],
            Enumerable.Range(0, texts.Count).Where(i => texts[i].Contains(item.Name, StringComparison.Ordinal))));
    }

    [Fact]
    public void Overlap_SameAndDisjointHits_OneAndZero()
    {
        IReadOnlySet<string> ab = new HashSet<string>(["a", "b"], StringComparer.Ordinal);
        IReadOnlySet<string> cd = new HashSet<string>(["c", "d"], StringComparer.Ordinal);

        Assert.Equal(1, IndexBenchCommand.Overlap([ab], [ab]));
        Assert.Equal(0, IndexBenchCommand.Overlap([ab], [cd]));
    }

    [GeneratedRegex(@"^RESULT index docs_per_s=\d+ query_p50_ms=\d+\.\d\d query_p95_ms=\d+\.\d\d bigram_docs_per_s=\d+ bigram_query_p50_ms=\d+\.\d\d recall=1\.000 bigram_recall=1\.000 known_item_queries=200 min_recall=0\.95 hit_overlap=\d\.\d\d passed=true$")]
    private static partial Regex ResultLine();

    /// <summary>Indexes each document as one keyword and analyses queries into bigrams: no query can ever match.</summary>
    private sealed class MismatchedAnalysis : ITextAnalysis
    {
        private readonly CjkBigramTextAnalysis _bigrams = new();

        public string Name => "broken";

        public int Version => 1;

        public Analyzer CreateAnalyzer(AnalysisPurpose purpose) => purpose == AnalysisPurpose.Index ? new KeywordAnalyzer() : _bigrams.CreateAnalyzer(purpose);

        public string NormalizeQuery(string text) => _bigrams.NormalizeQuery(text);
    }
}
