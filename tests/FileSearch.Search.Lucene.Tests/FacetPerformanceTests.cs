using System.Diagnostics;
using System.Globalization;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Testing;
using Xunit.Abstractions;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Search.Lucene.Tests;

/// <summary>A fact that indexes 100,000 documents: skipped unless <c>FILESEARCH_PERF=1</c>.</summary>
public sealed class PerfFactAttribute : FactAttribute
{
    public PerfFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("FILESEARCH_PERF") != "1")
        {
            Skip = "FILESEARCH_PERF=1 is not set: the 100,000-document measurement is skipped";
        }
    }
}

/// <summary>What facets, suggestions and highlighting cost on 100,000 documents (numbers in the test output).</summary>
[Trait("Category", "Performance")]
public sealed class FacetPerformanceTests(ITestOutputHelper output) : IDisposable
{
    private const int DocumentCount = 100_000;
    private static readonly FileKind[] Kinds = [FileKind.Pdf, FileKind.Docx, FileKind.Xlsx, FileKind.Text, FileKind.Png];
    private readonly TempDirectory _temp = new("lucene-facet-perf");

    private static CancellationToken Ct => CancellationToken.None;

    [PerfFact]
    public async Task SearchAsync_HundredThousandDocuments_FacetsAddAFewMilliseconds()
    {
        await using var index = LuceneTestIndex.Create(_temp.Combine("index"), o => o.RamBufferSizeMb = 64);
        var base0 = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < DocumentCount; i++)
        {
            var folder = $"/nas/部署{i % 20:D2}/{2020 + (i % 5)}/案件{i % 400:D3}";
            var document = Create($"d{i}.txt", $"契約 common word{i % 1000} 見積 number {i}", Kinds[i % Kinds.Length], modified: base0.AddDays(i % 1800)) with
            {
                Path = $"{folder}/契約書_{i}.pdf",
                Name = $"契約書_{i}.pdf",
            };
            await index.IndexAsync(document, Ct);
        }

        await index.CommitAsync(Ct);
        await index.SearchAsync(new SearchQuery(string.Empty), Ct);
        var cold = Stopwatch.StartNew();
        await index.SearchAsync(new SearchQuery(string.Empty) { IncludeFacets = true }, Ct);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first facet search (reads the segments' ordinals): {cold.Elapsed.TotalMilliseconds:F1} ms"));

        foreach (var (label, query) in new (string, SearchQuery)[]
        {
            ("all, 10 hits", new SearchQuery(string.Empty)),
            ("text 'common' (all match), 10 hits", new SearchQuery("common")),
            ("text 'word7' (100 match)", new SearchQuery("word7")),
            ("all, limit 0", new SearchQuery(string.Empty, Limit: 0)),
            ("all under /nas/部署03/", new SearchQuery(string.Empty) { PathPrefix = "/nas/部署03/" }),
            ("all, newest first", new SearchQuery(string.Empty) { Sort = SearchSort.Newest }),
        })
        {
            var plain = await MedianMsAsync(() => index.SearchAsync(query, Ct));
            var faceted = await MedianMsAsync(() => index.SearchAsync(query with { IncludeFacets = true }, Ct));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: {plain:F2} ms without facets, {faceted:F2} ms with (+{faceted - plain:F2} ms)"));
        }

        using (var directory = global::Lucene.Net.Store.FSDirectory.Open(_temp.Combine("index")))
        using (var reader = global::Lucene.Net.Index.DirectoryReader.Open(directory))
        {
            var searcher = new global::Lucene.Net.Search.IndexSearcher(reader);
            var all = new global::Lucene.Net.Search.MatchAllDocsQuery();
            var ordinals = new FileSearch.Search.Lucene.Internals.FacetOrdinals();
            var counting = await MedianMsAsync(() => Task.FromResult(Count(searcher, all)));
            var collecting = await MedianMsAsync(() => Task.FromResult(Collect(searcher, all, ordinals)));
            var docValues = await MedianMsAsync(() => Task.FromResult(reader.Leaves.Sum(l => l.AtomicReader.GetSortedDocValues(FileSearch.Search.Lucene.Internals.IndexFields.FacetFolder)!.ValueCount)));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{reader.Leaves.Count} segments; raw: count {counting:F2} ms, facet collector {collecting:F2} ms, GetSortedDocValues x segments {docValues:F3} ms"));
        }

        var suggest = await MedianMsAsync(() => index.SuggestAsync("契", 10, null, Ct));
        var suggestLatin = await MedianMsAsync(() => index.SuggestAsync("w", 10, null, Ct));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"suggest 契: {suggest:F2} ms, suggest w: {suggestLatin:F2} ms"));

        var text = string.Concat(Enumerable.Repeat("契約書の確認。ＡＢＣ社と abc の件、ｹｲﾔｸ\n", 60_000));
        var watch = Stopwatch.StartNew();
        var parts = await index.HighlightAsync("abc", text, Ct);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"highlight of {text.Length:N0} chars: {watch.Elapsed.TotalMilliseconds:F0} ms, {parts.Count:N0} parts"));
        Assert.Equal(text.Length, parts.Sum(p => p.Text.Length));
    }

    public void Dispose() => _temp.Dispose();

    private static int Count(global::Lucene.Net.Search.IndexSearcher searcher, global::Lucene.Net.Search.Query query)
    {
        var counter = new global::Lucene.Net.Search.TotalHitCountCollector();
        searcher.Search(query, counter);
        return counter.TotalHits;
    }

    private static int Collect(global::Lucene.Net.Search.IndexSearcher searcher, global::Lucene.Net.Search.Query query, FileSearch.Search.Lucene.Internals.FacetOrdinals ordinals)
    {
        var facets = new FileSearch.Search.Lucene.Internals.FacetCollector(null, ordinals);
        searcher.Search(query, facets);
        return facets.Facets().Kinds.Count;
    }

    private static async Task<double> MedianMsAsync<T>(Func<Task<T>> run)
    {
        for (var i = 0; i < 5; i++)
        {
            await run();
        }

        var times = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
