using BenchmarkDotNet.Attributes;
using FileSearch.Search.Lucene;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace FileSearch.Benchmarks;

/// <summary>
/// Index-side analysis of one Japanese paragraph (about 600 characters): Lucene's StandardAnalyzer (one token per
/// CJK character, no Japanese handling) vs our CJK bigrams vs MeCab morphology. In MeCab mode the indexer also
/// analyses the bigram field, so "MeCab + bigram fields" is what indexing a document really costs.
/// </summary>
[BenchmarkCategory("analyzer")]
public class AnalyzerBenchmarks : IDisposable
{
    private readonly CjkBigramTextAnalysis _bigramAnalysis = new();
    private Analyzer? _standard;
    private Analyzer? _bigram;
    private Analyzer? _mecab;
    private MecabTextAnalysis? _mecabAnalysis;

    [GlobalSetup]
    public void Setup()
    {
        _standard = new StandardAnalyzer(LuceneVersion.LUCENE_48);
        _bigram = _bigramAnalysis.CreateAnalyzer(AnalysisPurpose.Index);
        _mecabAnalysis = MecabTextAnalysis.TryCreate(MecabTextAnalysis.DefaultDictionaryDirectory, out var error)
            ?? throw new InvalidOperationException(error);
        _mecab = _mecabAnalysis.CreateAnalyzer(AnalysisPurpose.Index);
    }

    [Benchmark(Baseline = true, Description = "StandardAnalyzer")]
    public int Standard() => CountTokens(_standard!, "text");

    [Benchmark(Description = "CJK bigram (ours)")]
    public int Bigram() => CountTokens(_bigram!, "text");

    [Benchmark(Description = "MeCab (ours, text field)")]
    public int Mecab() => CountTokens(_mecab!, "text");

    [Benchmark(Description = "MeCab + bigram fields")]
    public int MecabBothFields() => CountTokens(_mecab!, "text") + CountTokens(_mecab!, "text_bigram");

    public void Dispose()
    {
        _standard?.Dispose();
        _bigram?.Dispose();
        _mecab?.Dispose();
        _mecabAnalysis?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static int CountTokens(Analyzer analyzer, string field)
    {
        using var stream = analyzer.GetTokenStream(field, JapaneseText.Paragraph);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        var count = 0;
        while (stream.IncrementToken())
        {
            count += term.Length > 0 ? 1 : 0;
        }

        stream.End();
        return count;
    }
}
