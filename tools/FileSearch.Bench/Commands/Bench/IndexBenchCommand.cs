using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FileSearch.Cli.Commands;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Search.Lucene;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>What one analysis gave in <c>bench index</c>: throughput, query latency, recall and the hits of the word queries.</summary>
internal sealed record IndexRun(string Name, double DocsPerSecond, double P50Ms, double P95Ms, IndexRecall Recall, IReadOnlyList<IReadOnlySet<string>> WordHits);

/// <summary>Of <see cref="Queries"/> known-item queries, how many found their document in the top ten; the keys of the ones that did not.</summary>
internal sealed record IndexRecall(int Queries, int Found, IReadOnlyList<string> Missed)
{
    public double Value => Queries == 0 ? 1 : (double)Found / Queries;
}

/// <summary>
/// <c>bench index [--count N] [--min-recall R]</c>: embedded indexing throughput and query latency over ~5 KB Japanese
/// documents, MeCab morphology (the default) against CJK bigrams only, each in a fresh temporary index; and whether both
/// find what they should. Some documents carry a person's name no other document has (<see cref="IndexBenchCorpus"/>):
/// the query for the name must return that document in its top ten. The recall of each analysis is that share, and
/// either below <c>--min-recall</c> fails the run (exit 1). The top ten of the word queries timed for latency are
/// compared between the analyses (mean overlap), printed for information: they rank differently by design.
/// </summary>
public static class IndexBenchCommand
{
    private const int Queries = 200;
    private const int TopK = 10;

    public static Command Create(GlobalOptions globals)
    {
        var count = new Option<int>("--count") { Description = "Documents to index", DefaultValueFactory = _ => 10_000 };
        var minRecall = new Option<double>("--min-recall")
        {
            Description = "Smallest share of known-item queries (a name only one document has) that must find their document in the top ten, per analysis",
            DefaultValueFactory = _ => 0.95,
        };
        var normalized = new Option<bool>("--normalized-field")
        {
            Description = "Also run MeCab with the normalised field (UniDic lemmas, notation variants) and compound-part recall, to show its indexing cost",
            DefaultValueFactory = _ => true,
        };
        var command = new Command("index", "Lucene indexing docs/s, query p50/p95 and recall: MeCab morphology vs CJK bigrams") { count, minRecall, normalized };
        command.SetAction(async (parse, ct) =>
        {
            var n = Math.Max(1, parse.GetValue(count));
            var bound = parse.GetValue(minRecall);
            var bigram = await RunAsync("cjk-bigram", new CjkBigramTextAnalysis(), n, ct).ConfigureAwait(false);
            using var mecab = MecabTextAnalysis.TryCreate(MecabTextAnalysis.DefaultDictionaryDirectory, out var error);
            if (mecab is null)
            {
                await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
                return ExitCodes.Error;
            }

            var morphology = await RunAsync("mecab", mecab, n, ct).ConfigureAwait(false);
            var variants = parse.GetValue(normalized) ? await RunNormalizedAsync(n, ct).ConfigureAwait(false) : null;
            if (variants is not null)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"RESULT normalized_field docs_per_s={variants.DocsPerSecond:F0} without_docs_per_s={morphology.DocsPerSecond:F0} ratio={variants.DocsPerSecond / morphology.DocsPerSecond:F2} query_p50_ms={variants.P50Ms:F2} query_p95_ms={variants.P95Ms:F2} recall={variants.Recall.Value:F3}"));
            }

            var overlap = Overlap(morphology.WordHits, bigram.WordHits);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"word queries: the two analyses share {overlap:P0} of their top {TopK} hits on average"));
            var problems = Problems(morphology, bound).Concat(Problems(bigram, bound)).ToList();
            foreach (var problem in problems)
            {
                AnsiConsole.MarkupLine($"[red]INDEX CHECK FAILED:[/] {Markup.Escape(problem)}");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT index docs_per_s={morphology.DocsPerSecond:F0} query_p50_ms={morphology.P50Ms:F2} query_p95_ms={morphology.P95Ms:F2} bigram_docs_per_s={bigram.DocsPerSecond:F0} bigram_query_p50_ms={bigram.P50Ms:F2} recall={morphology.Recall.Value:F3} bigram_recall={bigram.Recall.Value:F3} known_item_queries={morphology.Recall.Queries} min_recall={bound:F2} hit_overlap={overlap:F2} passed={(problems.Count == 0 ? "true" : "false")}"));
            return problems.Count == 0 ? ExitCodes.Success : ExitCodes.Error;
        });
        return command;
    }

    /// <summary>The MeCab run again with the normalised field and compound-part recall; null (with a message) without UniDic.</summary>
    private static async Task<IndexRun?> RunNormalizedAsync(int count, CancellationToken cancellationToken)
    {
        using var analysis = MecabTextAnalysis.TryCreate(MecabTextAnalysis.DefaultDictionaryDirectory, MecabTextAnalysis.DefaultUnidicDirectory, compoundPartRecall: true, out var error);
        if (analysis is null)
        {
            await Console.Error.WriteLineAsync($"normalised field not measured: {error}").ConfigureAwait(false);
            return null;
        }

        return await RunAsync("mecab+unidic", analysis, count, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What fails the run for one analysis: recall under <paramref name="minRecall"/>, naming some of the documents not found.</summary>
    internal static IReadOnlyList<string> Problems(IndexRun run, double minRecall) => run.Recall.Value >= minRecall
        ? []
        : [string.Create(CultureInfo.InvariantCulture,
            $"{run.Name}: recall {run.Recall.Value:P1} ({run.Recall.Found} of {run.Recall.Queries} known-item queries found their document in the top {TopK}), below {minRecall:P0}; missed: {string.Join(", ", run.Recall.Missed.Take(5))}")];

    /// <summary>Mean share of top-k hits two analyses have in common, query by query.</summary>
    internal static double Overlap(IReadOnlyList<IReadOnlySet<string>> a, IReadOnlyList<IReadOnlySet<string>> b)
    {
        var shares = a.Zip(b, (x, y) => x.Count + y.Count == 0 ? 1 : (double)x.Intersect(y).Count() / Math.Max(x.Count, y.Count)).ToList();
        return shares.Count == 0 ? 1 : shares.Average();
    }

    /// <summary>Indexes <paramref name="count"/> documents with <paramref name="analysis"/> in a temporary index, times word queries and measures recall.</summary>
    internal static async Task<IndexRun> RunAsync(string name, ITextAnalysis analysis, int count, CancellationToken ct)
    {
        var directory = Path.Combine(Path.GetTempPath(), "filesearch-bench-index-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = Options.Create(new LuceneIndexOptions { IndexDirectory = directory });
            await using var index = new LuceneSearchIndex(options, analysis, TimeProvider.System, NullLogger<LuceneSearchIndex>.Instance);
            var corpus = new IndexBenchCorpus(count, Queries);
            var documents = Enumerable.Range(0, count).Select(i => Document(i, corpus.Text(i))).ToList();
            var started = Stopwatch.GetTimestamp();
            await Parallel.ForEachAsync(documents, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
                async (document, token) => await index.IndexAsync(document, token).ConfigureAwait(false)).ConfigureAwait(false);
            await index.CommitAsync(ct).ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

            var words = new JapaneseCorpus(seed: 11);
            var latencies = new List<double>(Queries);
            var wordHits = new List<IReadOnlySet<string>>(Queries);
            for (var i = 0; i < Queries; i++)
            {
                var text = i % 3 == 0 ? $"{words.Word()} {words.Word()}" : words.Word();
                var queryStarted = Stopwatch.GetTimestamp();
                var results = await index.SearchAsync(new SearchQuery(text, Limit: TopK), ct).ConfigureAwait(false);
                latencies.Add(Stopwatch.GetElapsedTime(queryStarted).TotalMilliseconds);
                wordHits.Add(results.Hits.Select(h => h.Name).ToHashSet(StringComparer.Ordinal));
            }

            var missed = new List<string>();
            foreach (var (document, marker) in corpus.KnownItems)
            {
                var results = await index.SearchAsync(new SearchQuery(marker, Limit: TopK), ct).ConfigureAwait(false);
                if (!results.Hits.Any(h => h.Name == Key(document)))
                {
                    missed.Add($"{Key(document)} ({marker})");
                }
            }

            var recall = new IndexRecall(corpus.KnownItems.Count, corpus.KnownItems.Count - missed.Count, missed);
            var timing = KnnBenchmark.Timing(latencies);
            var docsPerSecond = count / seconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-10}: {count:N0} docs in {seconds:F1} s = {docsPerSecond:F0} docs/s; query p50 {timing.P50Ms:F2} ms p95 {timing.P95Ms:F2} ms; recall {recall.Found}/{recall.Queries} known-item queries in the top {TopK}"));
            return new IndexRun(name, docsPerSecond, timing.P50Ms, timing.P95Ms, recall, wordHits);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static string Key(int i) => string.Create(CultureInfo.InvariantCulture, $"doc{i}.txt");

    private static IndexDocument Document(int i, string text) => new()
    {
        Id = DocumentId.From("bench", Key(i)),
        Bucket = "bench",
        Key = Key(i),
        Name = Key(i),
        Path = $"/bench/{Key(i)}",
        Kind = FileKind.Text,
        Size = text.Length * 3,
        Indexed = DateTimeOffset.UnixEpoch,
        Text = text,
    };
}
