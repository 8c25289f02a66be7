namespace FileSearch.Search.Lucene.Internals;

/// <summary>
/// An analysis that indexes the text twice: the precise main field and a recall field (CJK bigrams) that
/// queries fall back on for words the main analysis cannot vouch for.
/// </summary>
internal interface IRecallFieldAnalysis
{
    /// <summary>Query boost of the main text field relative to the recall field (1).</summary>
    float TextBoost { get; }

    /// <summary>
    /// True when a query word should also be looked up in the recall field. False for words the main analysis
    /// knows, so 京都 does not match 東京都 through the bigram 京都.
    /// </summary>
    bool NeedsRecall(string word);
}
