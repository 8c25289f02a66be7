using System.Diagnostics;
using System.Globalization;
using FileSearch.Core.Ports;
using FileSearch.Server;
using FileSearch.Server.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>Latency and throughput of one load run: queries/s, p50/p95/p99 in ms, failed calls.</summary>
internal sealed record LoadRun(double Qps, double P50, double P95, double P99, int Errors)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Qps:F0} q/s, p50 {P50:F1} ms, p95 {P95:F1} ms, p99 {P99:F1} ms, errors {Errors}");
}

/// <summary>Concurrent callers issuing queries back to back for a fixed time, as <c>bench api</c> and <c>bench permissions</c> run them.</summary>
internal static class QueryLoad
{
    /// <summary>
    /// <paramref name="clients"/> callers issue queries (numbered from 0, shared) back to back for <paramref name="duration"/>,
    /// after one untimed warm-up query each; a call that fails with <see cref="HttpRequestException"/> counts as an error.
    /// </summary>
    public static async Task<LoadRun> RunAsync(int clients, TimeSpan duration, Func<int, Task> query)
    {
        await Task.WhenAll(Enumerable.Range(0, clients).Select(query)).ConfigureAwait(false);
        var next = -1;
        var errors = 0;
        var latencies = new List<double>[clients];
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var own = latencies[c] = new List<double>(4_096);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var i = Interlocked.Increment(ref next);
                var t = Stopwatch.GetTimestamp();
                try
                {
                    await query(i).ConfigureAwait(false);
                    own.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }))).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var sorted = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadRun(sorted.Length / elapsed, Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99), errors);
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    public static double Median(IReadOnlyList<LoadRun> runs, Func<LoadRun, double> value) => BenchFormat.Median(runs.Select(value));

    /// <summary>An API query string as the server parses it, so the in-process side runs exactly the same search.</summary>
    public static SearchQuery Parse(string queryString, ServerOptions options)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        return SearchRequests.Parse(new QueryCollection(QueryHelpers.ParseQuery(queryString)), options, errors)
            ?? throw new InvalidOperationException($"the query mix holds an invalid query: {queryString} ({string.Join("; ", errors.Keys)})");
    }
}
