using FileSearch.Search.Lucene.Internals;
using Microsoft.Extensions.Logging;

namespace FileSearch.Search.Lucene;

/// <summary>Picks the <see cref="ITextAnalysis"/> named by <see cref="LuceneIndexOptions.Analysis"/>.</summary>
public static class TextAnalysisSelector
{
    /// <summary>
    /// Returns MeCab morphology when configured and installed; otherwise <see cref="CjkBigramTextAnalysis"/>,
    /// logging one warning with the apt-get command when MeCab was asked for but is missing.
    /// </summary>
    public static ITextAnalysis Create(LuceneIndexOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ITextAnalysis analysis = new CjkBigramTextAnalysis();
        if (string.Equals(options.Analysis, "mecab", StringComparison.OrdinalIgnoreCase))
        {
            var unidic = options.NormalizedField ? options.UnidicDictionaryDirectory : null;
            var mecab = MecabTextAnalysis.TryCreate(options.MecabDictionaryDirectory, unidic, options.CompoundPartRecall, out var error);
            if (mecab is null && unidic is not null && MecabTextAnalysis.TryCreate(options.MecabDictionaryDirectory, null, options.CompoundPartRecall, out _) is { } withoutLemmas)
            {
                Log.NormalizationUnavailable(logger, error ?? "unknown error");
                mecab = withoutLemmas;
            }

            if (mecab is not null)
            {
                analysis = mecab;
            }
            else
            {
                Log.MecabUnavailable(logger, error ?? "unknown error");
            }
        }

        Log.AnalysisSelected(logger, analysis.Name);
        return analysis;
    }
}
