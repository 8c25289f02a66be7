using System.Globalization;
using System.Text;
using FileSearch.Cli.Commands;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Hosting;
using FileSearch.Hosting.Ingest;
using FileSearch.Testing;
using FileSearch.Testing.Degenerate;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace FileSearch.Cli.Tests.EndToEnd;

/// <summary>
/// The generated corpus of valid files at the edges of every format (<see cref="DegenerateCorpus"/>) through
/// <c>ingest</c> in its own process: every file indexed, or dead-lettered on its first attempt with a specific reason;
/// nothing retried, nothing "unexpected", no hang, no temp file left, the process alive to write its summary.
/// </summary>
[Trait("Category", "Resilience")]
public sealed class DegenerateCorpusIngestTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan IngestDeadline = TimeSpan.FromMinutes(8);
    private readonly TempDirectory _temp = new("fs-degenerate");

    public void Dispose() => _temp.Dispose();

    /// <summary><c>FILESEARCH_DEGENERATE_HEAVY=1</c>: the largest files in full size (5,000 PDF pages, 500 TIFF pages, 500,000 cells, 16 MB lines).</summary>
    private static bool Heavy => Environment.GetEnvironmentVariable("FILESEARCH_DEGENERATE_HEAVY") == "1";

    [Fact]
    public async Task Ingest_GeneratedDegenerateCorpus_EachIndexedOrDeadLetteredOnceWithSpecificReason()
    {
        var docs = _temp.Combine("docs");
        var dataDir = _temp.Combine("data");
        var corpus = DegenerateCorpus.Write(docs, heavy: Heavy);
        output.WriteLine($"degenerate corpus: {corpus.Files.Count} files, seed {corpus.Seed} (FILESEARCH_DEGENERATE_SEED={corpus.Seed} generates it again)");

        var env = new Dictionary<string, string>
        {
            ["FILESEARCH_Worker__ReceiveWaitTime"] = "00:00:01",
            // A retry would show as a second receive; short delays keep a wrongly retried file from stalling the run.
            ["FILESEARCH_Worker__RetryBaseDelay"] = "00:00:01",
            ["FILESEARCH_Worker__RetryMaxDelay"] = "00:00:02",
        };
        var started = TimeProvider.System.GetTimestamp();
        var ingest = await CliProcess.RunAsync(dataDir, IngestDeadline, env, "ingest", docs);
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        Assert.True(ingest.ExitCode is ExitCodes.Success or ExitCodes.CompletedWithFailures, $"exit {ingest.ExitCode}: {Tail(ingest.Output)}");
        Assert.Contains("Ingest summary", ingest.Output, StringComparison.Ordinal);

        using var host = FileSearchHost.CreateBuilder(new CliContext(dataDir, false), LogLevel.Warning).Build();
        var services = host.Services;
        var records = new Dictionary<string, DocumentRecord>(StringComparer.Ordinal);
        await foreach (var record in services.GetRequiredService<IMetadataStore>().ListByBucketAsync(IngestPlanner.BucketFor(docs), CancellationToken.None))
        {
            records[record.Key] = record;
        }

        var queue = services.GetRequiredService<IMessageQueue>();
        var letters = await queue.ListDeadLettersAsync(10_000, CancellationToken.None);
        var counts = await queue.GetCountsAsync(CancellationToken.None);
        var index = services.GetRequiredService<ISearchIndex>();

        var problems = new List<string>();
        var table = new SortedDictionary<string, Row>(StringComparer.Ordinal);
        foreach (var file in corpus.Files)
        {
            var key = file.RelativePath.Replace(Path.DirectorySeparatorChar, '/');
            var row = table.TryGetValue(file.Family, out var existing) ? existing : table[file.Family] = new Row();
            records.TryGetValue(key, out var record);
            var letter = letters.FirstOrDefault(l => l.Body.Contains(Json(key), StringComparison.Ordinal));
            if (record?.Status == DocumentStatus.Indexed && letter is null)
            {
                row.Indexed++;
            }
            else if (record?.Status == DocumentStatus.Failed && letter is not null)
            {
                var code = letter.Reason.Split(':')[0];
                row.Refused[code] = row.Refused.GetValueOrDefault(code) + 1;
                if (file.Expectation == DegenerateExpectation.Indexed)
                {
                    problems.Add($"{key}: valid, but dead-lettered: {letter.Reason}");
                }
            }
            else
            {
                row.Other++;
                problems.Add($"{key}: {record?.Status.ToString() ?? "no record"}, {(letter is null ? "not dead-lettered" : "dead-lettered: " + letter.Reason)}");
            }
        }

        foreach (var letter in letters)
        {
            if (letter.ReceiveCount != 1)
            {
                problems.Add($"dead-lettered after {letter.ReceiveCount} receives: {letter.Reason}");
            }

            if (letter.Reason.Contains("unexpected", StringComparison.OrdinalIgnoreCase) || letter.Reason.Contains("gave up", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"not a specific reason: {letter.Reason}");
            }
        }

        foreach (var file in corpus.Files.Where(f => f.Word is not null))
        {
            if (records.GetValueOrDefault(file.RelativePath.Replace('\\', '/')) is not { Status: DocumentStatus.Indexed } indexed)
            {
                continue;
            }

            var hits = await index.SearchAsync(new SearchQuery(file.Word!), CancellationToken.None);
            if (!hits.Hits.Any(h => h.Id == indexed.Id))
            {
                problems.Add($"{file.RelativePath}: indexed, but its word {file.Word} finds it not");
            }
        }

        var leftovers = Directory.Exists(Path.Combine(dataDir, "tmp"))
            ? Directory.EnumerateFileSystemEntries(Path.Combine(dataDir, "tmp"), "*", SearchOption.AllDirectories).ToList()
            : [];
        var retries = ingest.Output.Split('\n').LastOrDefault(l => l.Contains("retries", StringComparison.Ordinal));

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ingest: exit {ingest.ExitCode} in {elapsed.TotalSeconds:F0} s; {retries?.Trim()}"));
        output.WriteLine($"{"kind",-8} {"files",6} {"indexed",8} {"refused",8} {"other",6}  reasons");
        foreach (var (family, row) in table)
        {
            var refused = row.Refused.Values.Sum();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{family,-8} {row.Indexed + refused + row.Other,6} {row.Indexed,8} {refused,8} {row.Other,6}  {string.Join(", ", row.Refused.Select(p => $"{p.Key} {p.Value}"))}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"total",-8} {corpus.Files.Count,6} {table.Values.Sum(v => v.Indexed),8} {table.Values.Sum(v => v.Refused.Values.Sum()),8} {table.Values.Sum(v => v.Other),6}"));
        foreach (var problem in problems)
        {
            output.WriteLine("PROBLEM " + problem);
        }

        Assert.Equal(0L, counts.Visible + counts.InFlight);
        Assert.True(leftovers.Count == 0, "temp files left: " + string.Join(", ", leftovers));
        Assert.True(problems.Count == 0, $"seed {corpus.Seed}: {problems.Count} problem(s): " + string.Join("; ", problems.Take(30)));
    }

    /// <summary>One kind's counts: indexed, dead-lettered by reason code, anything else.</summary>
    private sealed class Row
    {
        public int Indexed { get; set; }

        public SortedDictionary<string, int> Refused { get; } = new(StringComparer.Ordinal);

        public int Other { get; set; }
    }

    private static string Json(string key) => System.Text.Json.JsonSerializer.Serialize(key)[1..^1];

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    [Fact]
    public async Task Ingest_SpecialEntries_EachReportedWithReasonInSummaryAndStatus()
    {
        var docs = Directory.CreateDirectory(_temp.Combine("special")).FullName;
        var outside = Directory.CreateDirectory(_temp.Combine("outside")).FullName;
        var dataDir = _temp.Combine("data-special");
        await File.WriteAllTextAsync(Path.Combine(docs, "正常.txt"), "特殊項目の隣にある正常な文書");
        await File.WriteAllTextAsync(Path.Combine(outside, "secret.txt"), "外部の秘密");
        await RunAsync("mkfifo", Path.Combine(docs, "pipe"));
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(Path.Combine(docs, "socket")));
        File.CreateSymbolicLink(Path.Combine(docs, "dangling.txt"), Path.Combine(docs, "missing.txt"));
        File.CreateSymbolicLink(Path.Combine(docs, "escape.txt"), Path.Combine(outside, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(docs, "link.txt"), Path.Combine(docs, "正常.txt"));
        await RunAsync("python3", "-c", "import sys; open(sys.argv[1].encode() + b'/caf\\xe9.txt', 'wb').write(b'x')", docs);

        (int ExitCode, string Output) first, status, second, escaped;
        try
        {
            first = await CliProcess.RunAsync(dataDir, TimeSpan.FromMinutes(3), "ingest", docs);
            status = await CliProcess.RunAsync(dataDir, TimeSpan.FromMinutes(1), "status");
            second = await CliProcess.RunAsync(dataDir, TimeSpan.FromMinutes(3), "ingest", docs);
            escaped = await CliProcess.RunAsync(dataDir, TimeSpan.FromMinutes(1), "search", "秘密");
        }
        finally
        {
            // .NET cannot delete a name it cannot decode, so the temp folder's cleanup would leave it behind.
            await RunAsync("python3", "-c", "import os, sys; os.remove(sys.argv[1].encode() + b'/caf\\xe9.txt')", docs);
        }

        output.WriteLine(first.Output);
        output.WriteLine(status.Output);

        // The console wraps long lines when its output is redirected.
        var summary = System.Text.RegularExpressions.Regex.Replace(first.Output, @"\s+", " ");
        Assert.Equal(ExitCodes.CompletedWithFailures, first.ExitCode);
        Assert.Contains("2 new or changed, 0 removed, 0 unchanged, 5 not indexable", summary, StringComparison.Ordinal);
        foreach (var expected in (string[])["pipe: special-file: not a regular file (a FIFO)", "socket: special-file: not a regular file (a socket)",
            "dangling.txt: broken-link", "escape.txt: link-outside-folder", "invalid-name: the name is not valid UTF-8"])
        {
            Assert.Contains(expected, summary, StringComparison.Ordinal);
        }

        Assert.Matches(@"documents FAILED\s*│\s*5\b", status.Output);
        Assert.Matches(@"documents INDEXED\s*│\s*2\b", status.Output);
        Assert.Contains("0 new or changed, 0 removed, 2 unchanged, 5 not indexable", System.Text.RegularExpressions.Regex.Replace(second.Output, @"\s+", " "), StringComparison.Ordinal);
        Assert.Contains("No documents match", escaped.Output, StringComparison.Ordinal);
    }

    private static async Task RunAsync(string program, params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(program, args);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, process.ExitCode);
    }

    /// <summary>Writes the corpus to <c>FILESEARCH_DEGENERATE_OUT</c> (when set) for a manual <c>filesearch ingest</c> of it.</summary>
    [Fact]
    public void Write_ToFolderNamedByEnvironment_CorpusForManualRuns()
    {
        if (Environment.GetEnvironmentVariable("FILESEARCH_DEGENERATE_OUT") is not { Length: > 0 } folder)
        {
            return;
        }

        var corpus = DegenerateCorpus.Write(folder, heavy: Heavy);
        output.WriteLine($"{corpus.Files.Count} files in {folder}, seed {corpus.Seed}");
        Assert.NotEmpty(corpus.Files);
    }

    [Fact]
    public void Write_SameSeed_SameCorpus()
    {
        var first = DegenerateCorpus.Write(_temp.Combine("a"), seed: null, randomImages: 20);
        var second = DegenerateCorpus.Write(_temp.Combine("b"), seed: first.Seed, randomImages: 20);

        Assert.Equal(first.Files.Select(f => f.RelativePath), second.Files.Select(f => f.RelativePath));
        foreach (var file in first.Files.Where(f => f.RelativePath.StartsWith("images/random", StringComparison.Ordinal)))
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(first.Root, file.RelativePath)), File.ReadAllBytes(Path.Combine(second.Root, file.RelativePath)));
        }

        Assert.True(Encoding.UTF8.GetByteCount(first.Seed) > 0);
    }
}
