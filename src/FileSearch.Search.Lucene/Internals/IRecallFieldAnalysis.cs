namespace FileSearch.Search.Lucene.Internals;

/// <summary>
/// An analysis that indexes the text more than once: the precise main field, a recall field (CJK bigrams) that
/// queries fall back on for words the main analysis cannot vouch for (and for parts of compounds), and optionally a
/// normalised field where notation variants of a word meet.
/// </summary>
internal interface IRecallFieldAnalysis
{
    /// <summary>Query boost of the main text field.</summary>
    float TextBoost { get; }

    /// <summary>Query boost of the recall field.</summary>
    float RecallBoost { get; }

    /// <summary>True when the text is also indexed in <see cref="IndexFields.TextNorm"/>.</summary>
    bool HasNormalizedField { get; }

    /// <summary>Query boost of <see cref="IndexFields.TextNorm"/>.</summary>
    float NormalizedBoost { get; }

    /// <summary>
    /// True when a query word should also be looked up in the recall field. Without compound-part recall, false for
    /// words the main analysis knows, so 京都 does not match 東京都 through the bigram 京都.
    /// </summary>
    bool NeedsRecall(string word);
}
