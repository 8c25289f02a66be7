using Microsoft.Extensions.Logging;

namespace FileSearch.Search.Lucene.Tests.Mecab;

[Trait("Category", "Integration")]
public sealed class TextAnalysisSelectorTests
{
    [Fact]
    public void Create_MecabInstalled_ReturnsMecab()
    {
        var logger = new ListLogger<LuceneSearchIndex>();

        var analysis = TextAnalysisSelector.Create(new LuceneIndexOptions(), logger);

        using var mecab = Assert.IsType<MecabTextAnalysis>(analysis);
        Assert.DoesNotContain(logger.Entries, e => e.Level == LogLevel.Warning);
    }

    [Fact]
    public void Create_MecabMissing_FallsBackToBigramsWithOneActionableWarning()
    {
        var logger = new ListLogger<LuceneSearchIndex>();

        var analysis = TextAnalysisSelector.Create(new LuceneIndexOptions { MecabDictionaryDirectory = "/nonexistent" }, logger);

        Assert.IsType<CjkBigramTextAnalysis>(analysis);
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(5107, warning.EventId.Id);
        Assert.Contains("apt-get install libmecab2 mecab-ipadic-utf8", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_BigramsConfigured_ReturnsBigramsWithoutWarning()
    {
        var logger = new ListLogger<LuceneSearchIndex>();

        var analysis = TextAnalysisSelector.Create(new LuceneIndexOptions { Analysis = "cjk-bigram" }, logger);

        Assert.IsType<CjkBigramTextAnalysis>(analysis);
        Assert.DoesNotContain(logger.Entries, e => e.Level == LogLevel.Warning);
    }
}
