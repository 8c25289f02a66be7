using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using FileSearch.Cli.Commands;
using FileSearch.Core.Ports;
using FileSearch.Hosting;
using FileSearch.Server;
using FileSearch.Server.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace FileSearch.Bench.Commands.Bench.Api;

/// <summary>
/// <c>bench api [--documents N] [--clients C] [--seconds S] [--rounds R]</c>: the search service under load. A generated
/// Japanese corpus (<see cref="ApiBenchCorpus"/>) is indexed into a temporary embedded index; C concurrent HTTP clients
/// send the query mix over real Kestrel for S seconds; then C concurrent callers send the same mix to
/// <see cref="ISearchIndex"/> in the same process, with no HTTP. Rounds alternate the two, medians are reported. Before
/// timing, both sides answer every query of the mix and must agree (total and hit ids), else the run fails.
/// </summary>
public static class ApiBenchCommand
{
    private const int MixSize = 2_000;

    public static Command Create(GlobalOptions globals)
    {
        var documents = new Option<int>("--documents") { Description = "Documents in the index", DefaultValueFactory = _ => 100_000 };
        var clients = new Option<int>("--clients") { Description = "Concurrent clients", DefaultValueFactory = _ => 50 };
        var seconds = new Option<int>("--seconds") { Description = "Seconds of load per side and round", DefaultValueFactory = _ => 15 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds (API then in-process each round)", DefaultValueFactory = _ => 3 };
        var profile = new Option<string?>("--profile") { Description = "Record a CPU profile of the last API round into this .nettrace file and print where the time goes" };
        var merge = new Option<int>("--merge-segments") { Description = "Before serving, merge a kept index down to at most this many segments (0: as indexed)" };
        var keep = new Option<string?>("--keep-data") { Description = "Data directory kept after the run and reused by the next one when it already holds the corpus (skips indexing)" };
        var command = new Command("api", "Search API queries/s and p50/p95/p99 under concurrent clients, against the same queries in-process")
        {
            documents, clients, seconds, rounds, profile, keep, merge,
        };
        command.SetAction(async (parse, ct) =>
        {
            var n = Math.Max(100, parse.GetValue(documents));
            var c = Math.Clamp(parse.GetValue(clients), 1, 1_000);
            var duration = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(seconds)));
            var r = Math.Max(1, parse.GetValue(rounds));
            var kept = parse.GetValue(keep);
            var data = kept is not null ? Path.GetFullPath(kept) : Path.Combine(Path.GetTempPath(), "filesearch-bench-api-" + Guid.NewGuid().ToString("N"));
            try
            {
                if (parse.GetValue(merge) is > 0 and var segments && Directory.Exists(Path.Combine(data, "index")))
                {
                    MergeSegments(Path.Combine(data, "index"), segments);
                }

                return await RunAsync(data, n, c, duration, r, parse.GetValue(profile), ct).ConfigureAwait(false);
            }
            finally
            {
                if (kept is null && Directory.Exists(data))
                {
                    Directory.Delete(data, recursive: true);
                }
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(string data, int documents, int clients, TimeSpan duration, int rounds, string? profile, CancellationToken ct)
    {
        var app = SearchServer.Build(new CliContext(data, false), new ServeSettings("http://127.0.0.1:0", Configuration: new Dictionary<string, string?>
        {
            ["Server:SearchPerMinute"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:FileSearch"] = "Warning",
        }));
        await using (app.ConfigureAwait(false))
        {
            var index = app.Services.GetRequiredService<ISearchIndex>();
            if (await index.CountAsync(ct).ConfigureAwait(false) is var present && present == documents)
            {
                AnsiConsole.MarkupLine(BenchFormat.Invariant($"reusing the {present:N0} documents indexed in {Markup.Escape(data)}"));
            }
            else
            {
                await ApiBenchCorpus.IndexAsync(index, documents, (document, _) => document, ct).ConfigureAwait(false);
            }

            await app.StartAsync(ct).ConfigureAwait(false);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
            {
                BaseAddress = new Uri(SearchServer.Addresses(app)[0]),
                Timeout = TimeSpan.FromSeconds(60),
            };
            var mix = ApiBenchCorpus.Queries(MixSize, seed: 5);
            var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ServerOptions>>().Value;
            var queries = mix.Select(q => QueryLoad.Parse(q, options)).ToList();

            var mismatches = await CompareAsync(http, index, mix, queries, ct).ConfigureAwait(false);
            var cpuPerQuery = profile is null
                ? await CpuPerQueryAsync(index, queries, ct).ConfigureAwait(false)
                : await Profiled(Path.ChangeExtension(profile, ".queries.nettrace"), "one caller in-process", () => CpuPerQueryAsync(index, queries, ct), ct).ConfigureAwait(false);
            var api = new List<LoadRun>();
            var local = new List<LoadRun>();
            for (var round = 0; round < rounds; round++)
            {
                Task<LoadRun> ApiRound() => QueryLoad.RunAsync(clients, duration, i => HttpQueryAsync(http, mix[i % mix.Count], ct));
                api.Add(profile is not null && round == rounds - 1
                    ? await Profiled(profile, "the last API round", ApiRound, ct).ConfigureAwait(false)
                    : await ApiRound().ConfigureAwait(false));
                local.Add(await QueryLoad.RunAsync(clients, duration, i => index.SearchAsync(queries[i % queries.Count], ct)).ConfigureAwait(false));
                AnsiConsole.MarkupLine(BenchFormat.Invariant($"round {round + 1}: API {api[^1]}; in-process {local[^1]}"));
            }

            var (apiQps, apiP50, apiP95, apiP99) = (QueryLoad.Median(api, x => x.Qps), QueryLoad.Median(api, x => x.P50), QueryLoad.Median(api, x => x.P95), QueryLoad.Median(api, x => x.P99));
            var (localQps, localP95) = (QueryLoad.Median(local, x => x.Qps), QueryLoad.Median(local, x => x.P95));
            var ratio = apiP95 / Math.Max(0.001, localP95);
            var met = apiP95 <= 50 && ratio <= 1.25;
            Console.WriteLine(BenchFormat.Invariant(
                $"RESULT api documents={documents} clients={clients} seconds={duration.TotalSeconds:F0} rounds={rounds} qps={apiQps:F0} p50_ms={apiP50:F1} p95_ms={apiP95:F1} p99_ms={apiP99:F1} inproc_qps={localQps:F0} inproc_p95_ms={localP95:F1} ratio_p95={ratio:F2} cpu_ms_per_query={cpuPerQuery:F2} mismatches={mismatches} targets_met={(met ? "true" : "false")}"));
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return mismatches == 0 ? ExitCodes.Success : ExitCodes.Error;
        }
    }

    /// <summary>Merges the index at <paramref name="path"/> down to at most <paramref name="segments"/> segments.</summary>
    private static void MergeSegments(string path, int segments)
    {
        var started = Stopwatch.GetTimestamp();
        using var directory = Lucene.Net.Store.FSDirectory.Open(path);
        var before = Lucene.Net.Index.DirectoryReader.ListCommits(directory)[^1].SegmentCount;
        using (var analyzer = new Lucene.Net.Analysis.Core.KeywordAnalyzer())
        using (var writer = new Lucene.Net.Index.IndexWriter(directory, new Lucene.Net.Index.IndexWriterConfig(Lucene.Net.Util.LuceneVersion.LUCENE_48, analyzer)))
        {
            writer.ForceMerge(segments);
            writer.Commit();
        }

        AnsiConsole.MarkupLine(BenchFormat.Invariant($"merged {before} segments into {Lucene.Net.Index.DirectoryReader.ListCommits(directory)[^1].SegmentCount} in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s"));
    }

    /// <summary>Runs <paramref name="body"/> under the sampling profiler and prints the methods that took the most CPU.</summary>
    private static async Task<T> Profiled<T>(string path, string what, Func<Task<T>> body, CancellationToken ct)
    {
        var run = await Profile.EventPipeRecorder.RecordAsync(path, _ => body(), ct).ConfigureAwait(false);
        var cpu = Profile.CpuProfile.Read(path);
        AnsiConsole.MarkupLine(BenchFormat.Invariant($"CPU profile of {what}: {cpu.Samples:N0} running samples ({cpu.IdleSamples:N0} idle), saved as {Markup.Escape(path)}"));
        foreach (var (title, byExclusive) in new[] { ("inclusive", false), ("exclusive", true) })
        {
            AnsiConsole.MarkupLine($"top methods by {title} samples:");
            foreach (var method in cpu.Top(25, m => !Profile.CpuProfile.IsPlumbing(m), byExclusive))
            {
                var share = 100.0 * (byExclusive ? method.Exclusive : method.Inclusive) / Math.Max(1, cpu.Samples);
                Console.WriteLine(BenchFormat.Invariant($"  {share,5:F1} %  {(method.Method.Length > 150 ? method.Method[..150] : method.Method)}"));
            }
        }

        return run;
    }

    private static async Task<SearchResponse> HttpQueryAsync(HttpClient http, string query, CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri("/api/v1/search?" + query, UriKind.Relative), ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<SearchResponse>(ApiJson.Options, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException("empty search response");
    }

    /// <summary>
    /// Process CPU time per query of the mix answered in-process by one caller at a time, median of three passes: what a
    /// query costs, independent of how many cores are free (latency under load is this times the queue in front of it).
    /// </summary>
    private static async Task<double> CpuPerQueryAsync(ISearchIndex index, IReadOnlyList<SearchQuery> queries, CancellationToken ct)
    {
        var passes = new List<double>();
        var byShape = new double[ApiBenchCorpus.Shapes.Count];
        for (var pass = 0; pass < 3; pass++)
        {
            var process = Process.GetCurrentProcess();
            var before = process.TotalProcessorTime;
            for (var i = 0; i < queries.Count; i++)
            {
                var start = process.TotalProcessorTime;
                await index.SearchAsync(queries[i], ct).ConfigureAwait(false);
                process.Refresh();
                byShape[ApiBenchCorpus.ShapeOf(i)] += (process.TotalProcessorTime - start).TotalMilliseconds;
            }

            passes.Add((process.TotalProcessorTime - before).TotalMilliseconds / queries.Count);
        }

        passes.Sort();
        AnsiConsole.MarkupLine(BenchFormat.Invariant($"CPU per query, one caller in-process: {passes[0]:F2} / {passes[1]:F2} / {passes[2]:F2} ms (median {passes[1]:F2}); by query shape (mean of the three passes):"));
        for (var shape = 0; shape < byShape.Length; shape++)
        {
            var count = 3 * Enumerable.Range(0, queries.Count).Count(i => ApiBenchCorpus.ShapeOf(i) == shape);
            Console.WriteLine(BenchFormat.Invariant($"  {ApiBenchCorpus.Shapes[shape],-28} {byShape[shape] / Math.Max(1, count),7:F2} ms"));
        }

        return passes[1];
    }

    /// <summary>Both sides answer every query of the mix once; the number whose totals or hit ids differ.</summary>
    private static async Task<int> CompareAsync(HttpClient http, ISearchIndex index, IReadOnlyList<string> mix, IReadOnlyList<SearchQuery> queries, CancellationToken ct)
    {
        var mismatches = 0;
        for (var i = 0; i < mix.Count; i++)
        {
            var api = await HttpQueryAsync(http, mix[i], ct).ConfigureAwait(false);
            var local = await index.SearchAsync(queries[i], ct).ConfigureAwait(false);
            var same = api.Total == local.TotalHits && api.Hits.Select(h => h.Id).SequenceEqual(local.Hits.Select(h => h.Id.Value), StringComparer.Ordinal)
                && (api.Facets?.Types.Sum(t => t.Count) ?? 0) == (local.Facets?.Kinds.Sum(k => k.Count) ?? 0);
            if (!same && ++mismatches <= 5)
            {
                AnsiConsole.MarkupLine(Markup.Escape(BenchFormat.Invariant($"MISMATCH {mix[i]}: API {api.Total} hits, in-process {local.TotalHits}")));
            }
        }

        AnsiConsole.MarkupLine(BenchFormat.Invariant($"compared {mix.Count:N0} queries over HTTP and in-process: {mismatches} mismatch(es)"));
        return mismatches;
    }

}
