using FileSearch.Testing;
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
        Assert.True(mecab.HasNormalizedField);
        Assert.Equal("mecab-ipadic+unidic", mecab.Name);
        Assert.DoesNotContain(logger.Entries, e => e.Level == LogLevel.Warning);
    }

    [Fact]
    public void Create_UnidicMissing_MecabWithoutNormalizedFieldAndOneActionableWarning()
    {
        var logger = new ListLogger<LuceneSearchIndex>();

        var analysis = TextAnalysisSelector.Create(new LuceneIndexOptions { UnidicDictionaryDirectory = "/nonexistent" }, logger);

        using var mecab = Assert.IsType<MecabTextAnalysis>(analysis);
        Assert.False(mecab.HasNormalizedField);
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(5114, warning.EventId);
        Assert.Contains("install-prerequisites.sh", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NormalizedFieldOff_MecabWithoutNormalizedField()
    {
        var analysis = TextAnalysisSelector.Create(new LuceneIndexOptions { NormalizedField = false }, new ListLogger<LuceneSearchIndex>());

        using var mecab = Assert.IsType<MecabTextAnalysis>(analysis);
        Assert.False(mecab.HasNormalizedField);
        Assert.Equal("mecab-ipadic", mecab.Name);
    }

    [Fact]
    public void Create_MecabMissing_FallsBackToBigramsWithOneActionableWarning()
    {
        var logger = new ListLogger<LuceneSearchIndex>();

        var analysis = TextAnalysisSelector.Create(new LuceneIndexOptions { MecabDictionaryDirectory = "/nonexistent" }, logger);

        Assert.IsType<CjkBigramTextAnalysis>(analysis);
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(5107, warning.EventId);
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
