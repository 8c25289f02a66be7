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
                var top = await TopAsync(index, spellings[q]);

                // Relevant: every document that contains the word in another spelling (or, for a compound part, at all),
                // including prose that happens to; recall is capped at K when more than K are relevant.
                var query = q;
                var relevant = documents
                    .Where(d => compound
                        ? d.Text.Contains(spellings[0], StringComparison.Ordinal)
                        : d.Name != $"g{g}-{query}.txt" && spellings.Where((_, i) => i != query).Any(v => d.Text.Contains(v, StringComparison.Ordinal)))
                    .Select(d => d.Name)
                    .ToList();
                var misses = relevant.Count(r => !top.Contains(r)) - Math.Max(0, relevant.Count - K);
                if (misses > 0)
                {
                    output.WriteLine($"{name}: {spellings[q]} missed {string.Join(' ', relevant.Where(r => !top.Contains(r)))}");
                }

                var (hits, total) = found.GetValueOrDefault(kind);
                found[kind] = (hits + relevant.Count(top.Contains), total + Math.Min(K, relevant.Count));
                if (compound)
                {
                    continue;
                }

                // Exact spelling: a document written as typed should come first (reciprocal rank of the first one); a hit
                // is relevant for precision when it contains the word in any spelling.
                var rank = top.FindIndex(h => texts[h].Contains(spellings[query], StringComparison.Ordinal));
                reciprocal += rank < 0 ? 0 : 1.0 / (rank + 1);
                precision += top.Count == 0 ? 0 : (double)top.Count(h => spellings.Any(v => texts[h].Contains(v, StringComparison.Ordinal))) / top.Count;
                exactQueries++;
            }
        }

        return (found.ToDictionary(f => f.Key, f => (double)f.Value.Hits / f.Value.Total, StringComparer.Ordinal), reciprocal / exactQueries, precision / exactQueries);
    }

    private static async Task<List<string>> TopAsync(ISearchIndex index, string query)
    {
        var results = await index.SearchAsync(new SearchQuery(query, Limit: K), CancellationToken.None);
        return [.. results.Hits.Select(h => h.Name)];
    }
}
