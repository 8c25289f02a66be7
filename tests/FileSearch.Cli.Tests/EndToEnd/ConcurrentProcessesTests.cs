using System.Diagnostics;
using System.Globalization;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Hosting;
using FileSearch.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace FileSearch.Cli.Tests.EndToEnd;

/// <summary>
/// Several workers and an ingest started at once on one data directory, round after round, with files added, changed and
/// removed between rounds: one process writes the index, the others are refused (workers) or wait (ingest); every file is
/// indexed once with its latest text, nothing is dead-lettered and the index stays readable throughout.
/// </summary>
[Trait("Category", "Resilience")]
public sealed class ConcurrentProcessesTests(ITestOutputHelper output) : IDisposable
{
    private const int Workers = 3;
    private static readonly TimeSpan RoundDeadline = TimeSpan.FromMinutes(3);
    private readonly TempDirectory _temp = new("fs-concurrent");
    private readonly Dictionary<string, string> _markers = new(StringComparer.Ordinal);
    private readonly List<string> _retired = [];

    public void Dispose() => _temp.Dispose();

    /// <summary>Rounds: 4 by default, <c>FILESEARCH_STRESS_ROUNDS</c> for a longer run.</summary>
    private static int Rounds => int.TryParse(Environment.GetEnvironmentVariable("FILESEARCH_STRESS_ROUNDS"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 4;

    [Fact]
    public async Task WorkersAndIngestAtOnce_ManyRounds_OneWriterEachFileIndexedOnceNothingDeadLettered()
    {
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        var dataDir = _temp.Combine("data");
        for (var i = 0; i < 20; i++)
        {
            await WriteAsync(docs, $"初期_{i:D2}.txt", round: 0, i);
        }

        var env = new Dictionary<string, string> { ["FILESEARCH_Worker__ReceiveWaitTime"] = "00:00:01" };
        var refusedTotal = 0;
        for (var round = 1; round <= Rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            if (round > 1)
            {
                await MutateAsync(docs, round);
            }

            // Every other round the ingest gets a head start, so it claims the index and the workers are all refused.
            var ingestFirst = round % 2 == 0;
            var ingest = ingestFirst ? CliProcess.RunAsync(dataDir, RoundDeadline, env, "ingest", docs) : null;
            if (ingestFirst)
            {
                await Task.Delay(TimeSpan.FromSeconds(1.5));
            }

            var workers = Enumerable.Range(0, Workers).Select(_ => CliProcess.Start(dataDir, ["worker"], env)).ToList();
            var workerOutput = workers.Select(w => w.StandardError.ReadToEndAsync()).ToList();
            var workerStdout = workers.Select(w => w.StandardOutput.ReadToEndAsync()).ToList();
            ingest ??= CliProcess.RunAsync(dataDir, RoundDeadline, env, "ingest", docs);
            // A reader beside the writers: searching must never fail on files deleted under it.
            var reader = CliProcess.RunAsync(dataDir, RoundDeadline, env, "search", "初期", "--limit", "3");

            var (ingestExit, ingestText) = await ingest;
            var (readerExit, readerText) = await reader;
            Assert.True(ingestExit == 0, $"round {round}: ingest exited {ingestExit}\n{ingestText}");
            Assert.True(readerExit == 0, $"round {round}: search exited {readerExit}\n{readerText}");

            var exits = new List<int>();
            for (var i = 0; i < workers.Count; i++)
            {
                if (!workers[i].HasExited)
                {
                    CliProcess.Terminate(workers[i]);
                }

                await workers[i].WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
                var text = await workerOutput[i] + await workerStdout[i];
                exits.Add(workers[i].ExitCode);
                if (workers[i].ExitCode == 5)
                {
                    // Refused at start, before taking any message, with one line naming the holder.
                    Assert.Single(text.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
                    Assert.Contains("being written by another process (pid ", text.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
                    Assert.DoesNotContain("Indexed ", text, StringComparison.Ordinal);
                }
                else
                {
                    Assert.True(workers[i].ExitCode == 0, $"round {round}: worker exited {workers[i].ExitCode}\n{text}");
                }

                workers[i].Dispose();
            }

            Assert.True(exits.Count(e => e == 0) <= 1, $"round {round}: more than one worker ran: {string.Join(',', exits)}");
            refusedTotal += exits.Count(e => e == 5);
            await VerifyAsync(dataDir, round);
            output.WriteLine($"round {round}: workers exited {string.Join(',', exits)}, ingest {(ingestText.Contains("Another process is writing", StringComparison.Ordinal) ? "waited for a worker" : "processed")}, {_markers.Count} live files, {watch.Elapsed.TotalSeconds:F1} s");
        }

        Assert.True(refusedTotal >= Rounds * (Workers - 1), $"only {refusedTotal} refusals in {Rounds} rounds");
    }

    private async Task WriteAsync(string docs, string name, int round, int i)
    {
        var marker = string.Create(CultureInfo.InvariantCulture, $"mk{round}r{i}x{Random.Shared.Next(100_000, 999_999)}q");
        await File.WriteAllTextAsync(Path.Combine(docs, name), $"報告書 第{i}号 {marker} 初期 本文");
        if (_markers.TryGetValue(name, out var previous))
        {
            _retired.Add(previous);
        }

        _markers[name] = marker;
    }

    /// <summary>Between rounds: ten files added, three changed (mtime moved on), two removed.</summary>
    private async Task MutateAsync(string docs, int round)
    {
        for (var i = 0; i < 10; i++)
        {
            await WriteAsync(docs, $"追加_{round:D2}_{i}.txt", round, i);
        }

        foreach (var name in _markers.Keys.Order(StringComparer.Ordinal).Skip(round).Take(3).ToList())
        {
            await WriteAsync(docs, name, round, 100);
            File.SetLastWriteTimeUtc(Path.Combine(docs, name), TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(round));
        }

        foreach (var name in _markers.Keys.Order(StringComparer.Ordinal).Skip(round * 2).Take(2).ToList())
        {
            File.Delete(Path.Combine(docs, name));
            _retired.Add(_markers[name]);
            _markers.Remove(name);
        }
    }

    private async Task VerifyAsync(string dataDir, int round)
    {
        using var host = FileSearchHost.CreateBuilder(new CliContext(dataDir, false), LogLevel.Warning).Build();
        var services = host.Services;
        var counts = await services.GetRequiredService<IMetadataStore>().CountByStatusAsync(CancellationToken.None);
        var queue = await services.GetRequiredService<IMessageQueue>().GetCountsAsync(CancellationToken.None);
        var index = services.GetRequiredService<ISearchIndex>();

        Assert.Equal(0, queue.DeadLettered);
        Assert.Equal(0, queue.Visible + queue.InFlight);
        Assert.Equal(0, counts.GetValueOrDefault(DocumentStatus.Failed));
        Assert.Equal(0, counts.GetValueOrDefault(DocumentStatus.Processing));
        Assert.Equal(_markers.Count, counts.GetValueOrDefault(DocumentStatus.Indexed));
        Assert.Equal(_markers.Count, await index.CountAsync(CancellationToken.None));
        foreach (var (name, marker) in _markers)
        {
            var hits = await index.SearchAsync(new SearchQuery(marker), CancellationToken.None);
            Assert.True(hits.TotalHits == 1, $"round {round}: {name} ({marker}) found {hits.TotalHits} times");
        }

        foreach (var marker in _retired)
        {
            Assert.Equal(0, (await index.SearchAsync(new SearchQuery(marker), CancellationToken.None)).TotalHits);
        }
    }
}
