using FileSearch.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Search.Lucene.Tests;

/// <summary>Creates <see cref="LuceneSearchIndex"/> instances for tests.</summary>
internal static class LuceneTestIndex
{
    public static LuceneSearchIndex Create(
        string directory,
        Action<LuceneIndexOptions>? configure = null,
        ITextAnalysis? analysis = null,
        ILogger<LuceneSearchIndex>? logger = null)
    {
        var options = new LuceneIndexOptions { IndexDirectory = directory, WriteLockTimeout = TimeSpan.FromSeconds(1) };
        configure?.Invoke(options);
        return new LuceneSearchIndex(
            Options.Create(options),
            analysis ?? new CjkBigramTextAnalysis(),
            TimeProvider.System,
            logger ?? NullLogger<LuceneSearchIndex>.Instance);
    }

    public static async Task<IReadOnlyList<string>> SearchNamesAsync(this ISearchIndex index, string text, string? kind = null)
    {
        var results = await index.SearchAsync(new SearchQuery(text, kind, Limit: 50), CancellationToken.None);
        return [.. results.Hits.Select(h => h.Name).Order(StringComparer.Ordinal)];
    }

    /// <summary>Indexes the documents and commits.</summary>
    public static async Task IndexAllAsync(this ISearchIndex index, params IndexDocument[] documents)
    {
        foreach (var document in documents)
        {
            await index.IndexAsync(document, CancellationToken.None);
        }

        await index.CommitAsync(CancellationToken.None);
    }
}
