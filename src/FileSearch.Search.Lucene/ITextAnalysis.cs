using Lucene.Net.Analysis;

namespace FileSearch.Search.Lucene;

/// <summary>What an analyzer is built for: the two sides may differ (e.g. unigrams only in the index).</summary>
public enum AnalysisPurpose
{
    /// <summary>Analysis of document fields when they are written, and when snippets are built.</summary>
    Index = 0,

    /// <summary>Analysis of the words of a search query.</summary>
    Query = 1,
}

/// <summary>
/// The text analysis of the full-text fields, pluggable so another tokenizer (MeCab morphology, for one)
/// can replace the default <see cref="CjkBigramTextAnalysis"/> without touching the index.
/// Changing the analysis of an existing index needs a reindex: the index records <see cref="Name"/>
/// and <see cref="Version"/> in its commits and logs a warning when they differ.
/// </summary>
public interface ITextAnalysis
{
    /// <summary>Stable short name, e.g. <c>cjk-bigram</c>.</summary>
    string Name { get; }

    /// <summary>Bumped whenever the produced terms change, so old indexes are recognised.</summary>
    int Version { get; }

    /// <summary>Builds a new analyzer; the caller owns and disposes it. Analyzers are thread-safe.</summary>
    Analyzer CreateAnalyzer(AnalysisPurpose purpose);

    /// <summary>
    /// Normalises raw query text before parsing (users type full-width and half-width forms).
    /// </summary>
    string NormalizeQuery(string text);
}
