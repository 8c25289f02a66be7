using Lucene.Net.Analysis;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>
/// A multi-field parser that leaves the recall (bigram) field out of a word's clauses when the analysis knows
/// the word, so bigrams add recall for unknown words without breaking precision for known ones.
/// </summary>
internal sealed class RecallAwareQueryParser : MultiFieldQueryParser
{
    private readonly IRecallFieldAnalysis? _recall;
    private readonly string[] _preciseFields;

    public RecallAwareQueryParser(string[] fields, Analyzer analyzer, IDictionary<string, float> boosts, IRecallFieldAnalysis? recall)
        : base(CjkBigramTextAnalysis.Compatibility, fields, analyzer, boosts)
    {
        _recall = recall;
        _preciseFields = [.. fields.Where(f => f != IndexFields.TextBigram)];
    }

    protected override Query GetFieldQuery(string field, string queryText, bool quoted) =>
        WithFields(field, queryText, () => base.GetFieldQuery(field, queryText, quoted));

    protected override Query GetFieldQuery(string field, string queryText, int slop) =>
        WithFields(field, queryText, () => base.GetFieldQuery(field, queryText, slop));

    private Query WithFields(string? field, string queryText, Func<Query> parse)
    {
        if (field is not null || _recall is null || _recall.NeedsRecall(queryText))
        {
            return parse();
        }

        // The base class reads m_fields when expanding an unfielded word; a parser serves one query at a time.
        var all = m_fields;
        m_fields = _preciseFields;
        try
        {
            return parse();
        }
        finally
        {
            m_fields = all;
        }
    }
}
