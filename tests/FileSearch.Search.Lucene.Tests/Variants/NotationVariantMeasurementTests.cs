using System.Globalization;
using FileSearch.Core.Ports;
using FileSearch.Testing;
using Xunit.Abstractions;

namespace FileSearch.Search.Lucene.Tests.Variants;

/// <summary>
/// Recall@10 per notation-variant class and MRR of exact-spelling queries on <see cref="VariantSet"/>, before (ipadic words
/// and bigrams only, as the index was) and after (normalised field and compound-part recall).
/// </summary>
[Trait("Category", "Integration")]
public sealed class NotationVariantMeasurementTests(VariantsFixture fixture, ITestOutputHelper output) : IClassFixture<VariantsFixture>
{
    private const int K = 10;

    [Fact]
    public async Task Search_VariantSpellings_RecallPerClassAtLeast95PercentAndExactMrrNotLower()
    {
        using var before = MecabTextAnalysis.TryCreate(MecabTextAnalysis.DefaultDictionaryDirectory, out var error) ?? throw new InvalidOperationException(error);
        var (beforeRecall, beforeMrr, beforePrecision) = await MeasureAsync(before, "before");
        var (afterRecall, afterMrr, afterPrecision) = await MeasureAsync(fixture.Analysis, "after");

        foreach (var kind in afterRecall.Keys)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"recall@{K} {kind,-10} before {beforeRecall[kind]:0.000} after {afterRecall[kind]:0.000}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exact-query MRR          before {beforeMrr:0.000} after {afterMrr:0.000}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exact-query precision@{K} before {beforePrecision:0.000} after {afterPrecision:0.000}"));
        Assert.All(afterRecall, r => Assert.True(r.Value >= 0.95, $"{r.Key} recall {r.Value:0.000}"));
        Assert.True(afterMrr >= beforeMrr, $"exact MRR dropped from {beforeMrr:0.000} to {afterMrr:0.000}");
    }

    private async Task<(Dictionary<string, double> Recall, double Mrr, double Precision)> MeasureAsync(ITextAnalysis analysis, string name)
    {
        using var temp = new TempDirectory("lucene-variants-" + name);
        await using var index = LuceneTestIndex.Create(temp.Combine("index"), analysis: analysis);
        var documents = VariantSet.Documents();
        await index.IndexAllAsync([.. documents]);
        var texts = documents.ToDictionary(d => d.Name, d => d.Text, StringComparer.Ordinal);

        var found = new Dictionary<string, (int Hits, int Total)>(StringComparer.Ordinal);
        double reciprocal = 0, precision = 0;
        var exactQueries = 0;
        for (var g = 0; g < VariantSet.Groups.Count; g++)
        {
            var (kind, spellings) = VariantSet.Groups[g];
            var compound = kind == "compound";
            for (var q = 0; q < (compound ? 1 : spellings.Length); q++)
            {
                var ranked = await RankedAsync(index, spellings[q]);
                var query = spellings[q];

                // Variant recall: documents that contain the word only in another spelling (for a compound part: the set's
                // documents with the compound), judged in the top K of the ranking without the other documents that contain
                // the query as typed (those are exact matches, measured by MRR below).
                var group = $"g{g}-";
                var top = ranked.Where(h => (compound && h.StartsWith(group, StringComparison.Ordinal)) || !texts[h].Contains(query, StringComparison.Ordinal)).Take(K).ToList();
                var relevant = documents
                    .Where(d => compound
                        ? d.Name.StartsWith(group, StringComparison.Ordinal)
                        : !d.Text.Contains(query, StringComparison.Ordinal) && spellings.Any(v => d.Text.Contains(v, StringComparison.Ordinal)))
                    .Select(d => d.Name)
                    .ToList();
                var misses = relevant.Count(r => !top.Contains(r)) - Math.Max(0, relevant.Count - K);
                if (misses > 0)
                {
                    output.WriteLine($"{name}: {query} missed {string.Join(' ', relevant.Where(r => !top.Contains(r)))}");
                }

                var (hits, total) = found.GetValueOrDefault(kind);
                found[kind] = (hits + Math.Min(K, relevant.Count(top.Contains)), total + Math.Min(K, relevant.Count));
                if (compound)
                {
                    continue;
                }

                // Exact spelling: a document written as typed should come first (reciprocal rank of the first one); a hit
                // is relevant for precision when it contains the word in any spelling.
                var exact = ranked.Take(K).ToList();
                var rank = exact.FindIndex(h => texts[h].Contains(query, StringComparison.Ordinal));
                reciprocal += rank < 0 ? 0 : 1.0 / (rank + 1);
                precision += exact.Count == 0 ? 0 : (double)exact.Count(h => spellings.Any(v => texts[h].Contains(v, StringComparison.Ordinal))) / exact.Count;
                exactQueries++;
            }
        }

        return (found.ToDictionary(f => f.Key, f => (double)f.Value.Hits / f.Value.Total, StringComparer.Ordinal), reciprocal / exactQueries, precision / exactQueries);
    }

    private static async Task<List<string>> RankedAsync(ISearchIndex index, string query)
    {
        var results = await index.SearchAsync(new SearchQuery(query, Limit: 200), CancellationToken.None);
        return [.. results.Hits.Select(h => h.Name)];
    }
}
