using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FileSearch.Cli.Commands;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Search.Lucene;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>
/// <c>bench index [--count N]</c>: embedded indexing throughput and query latency over ~5 KB Japanese documents,
/// MeCab morphology (the default) against CJK bigrams only, each in a fresh temporary index.
/// </summary>
public static class IndexBenchCommand
{
    private const int Queries = 200;

    public static Command Create(GlobalOptions globals)
    {
        var count = new Option<int>("--count") { Description = "Documents to index", DefaultValueFactory = _ => 10_000 };
        var command = new Command("index", "Lucene indexing docs/s and query p50/p95: MeCab morphology vs CJK bigrams") { count };
        command.SetAction(async (parse, ct) =>
        {
            var n = Math.Max(1, parse.GetValue(count));
            var bigram = await RunAsync("cjk-bigram", new CjkBigramTextAnalysis(), n, ct).ConfigureAwait(false);
            using var mecab = MecabTextAnalysis.TryCreate(MecabTextAnalysis.DefaultDictionaryDirectory, out var error);
            if (mecab is null)
            {
                await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
                return ExitCodes.Error;
            }

            var morphology = await RunAsync("mecab", mecab, n, ct).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT index docs_per_s={morphology.DocsPerSecond:F0} query_p50_ms={morphology.P50Ms:F2} query_p95_ms={morphology.P95Ms:F2}"));
            return bigram.DocsPerSecond > 0 ? ExitCodes.Success : ExitCodes.Error;
        });
        return command;
    }

    private static async Task<(double DocsPerSecond, double P50Ms, double P95Ms)> RunAsync(string name, ITextAnalysis analysis, int count, CancellationToken ct)
    {
        var directory = Path.Combine(Path.GetTempPath(), "filesearch-bench-index-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = Options.Create(new LuceneIndexOptions { IndexDirectory = directory });
            await using var index = new LuceneSearchIndex(options, analysis, TimeProvider.System, NullLogger<LuceneSearchIndex>.Instance);
            var corpus = new JapaneseCorpus(seed: 7);
            var documents = Enumerable.Range(0, count).Select(i => Document(i, corpus.Next(1700))).ToList();
            var started = Stopwatch.GetTimestamp();
            await Parallel.ForEachAsync(documents, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
                async (document, token) => await index.IndexAsync(document, token).ConfigureAwait(false)).ConfigureAwait(false);
            await index.CommitAsync(ct).ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

            var words = new JapaneseCorpus(seed: 11);
            var latencies = new List<double>(Queries);
            for (var i = 0; i < Queries; i++)
            {
                var text = i % 3 == 0 ? $"{words.Word()} {words.Word()}" : words.Word();
                var queryStarted = Stopwatch.GetTimestamp();
                await index.SearchAsync(new SearchQuery(text, Limit: 10), ct).ConfigureAwait(false);
                latencies.Add(Stopwatch.GetElapsedTime(queryStarted).TotalMilliseconds);
            }

            var timing = KnnBenchmark.Timing(latencies);
            var docsPerSecond = count / seconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-10}: {count:N0} docs in {seconds:F1} s = {docsPerSecond:F0} docs/s; query p50 {timing.P50Ms:F2} ms p95 {timing.P95Ms:F2} ms"));
            return (docsPerSecond, timing.P50Ms, timing.P95Ms);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static IndexDocument Document(int i, string text) => new()
    {
        Id = DocumentId.From("bench", $"doc{i}.txt"),
        Bucket = "bench",
        Key = $"doc{i}.txt",
        Name = $"doc{i}.txt",
        Path = $"/bench/doc{i}.txt",
        Kind = FileKind.Text,
        Size = text.Length * 3,
        Indexed = DateTimeOffset.UnixEpoch,
        Text = text,
    };
}
