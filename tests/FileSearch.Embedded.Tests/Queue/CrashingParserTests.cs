using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Embedded.Tests.Queue;

/// <summary>
/// A file whose parser kills the process (native fault) must not crash-loop the worker: each crash leaves the message in
/// flight and the record PROCESSING with the stage it died in; the message comes back after the visibility timeout, and
/// once the worker has died on it max-interruptions times the next attempt fails it permanently (<c>worker-crashed</c>
/// naming the stage): dead-lettered with that reason, the record FAILED. Should the queue's receive limit come first, the
/// queue dead-letters it itself. The real worker runs in a child process (tests/FileSearch.Embedded.CrashWorker) that is
/// relaunched as a supervisor would.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CrashingParserTests : IDisposable
{
    private const int MaxReceives = 3;
    private const int MaxLaunches = MaxReceives + 3;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _temp = new("fs-crash");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Worker_ParserKillsProcessOnOneFile_DeadLetteredNamingTheStageAndFailedWhileOthersIndexed()
    {
        var (exits, indexed, dead, counts, failed) = await RunUntilCleanExitAsync(maxInterruptions: MaxReceives - 1);

        Assert.Equal(MaxReceives, exits.Count);
        Assert.All(exits.Take(MaxReceives - 1), e => Assert.NotEqual(0, e));
        Assert.Equal(0, exits[^1]);
        Assert.Contains("boom.pdf", dead.Body, StringComparison.Ordinal);
        Assert.StartsWith("worker-crashed:", dead.Reason, StringComparison.Ordinal);
        Assert.Contains("'extract'", dead.Reason, StringComparison.Ordinal);
        Assert.Equal((0L, 0L, 1L), (counts.Visible, counts.InFlight, counts.DeadLettered));
        AssertEachIndexed(indexed, exits.Count);
        Assert.Equal(DocumentStatus.Failed, failed.Status);
        Assert.Contains("'extract'", failed.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_QueueReceiveLimitBeforeInterruptionLimit_QueueDeadLettersWhileOthersIndexed()
    {
        var (exits, indexed, dead, counts, _) = await RunUntilCleanExitAsync(maxInterruptions: MaxReceives + 2);

        Assert.Equal(MaxReceives + 1, exits.Count);
        Assert.All(exits.Take(MaxReceives), e => Assert.NotEqual(0, e));
        Assert.Equal(0, exits[^1]);
        Assert.Contains("boom.pdf", dead.Body, StringComparison.Ordinal);
        Assert.Contains($"exceeded maximum receives ({MaxReceives})", dead.Reason, StringComparison.Ordinal);
        Assert.Equal((0L, 0L, 1L), (counts.Visible, counts.InFlight, counts.DeadLettered));
        AssertEachIndexed(indexed, exits.Count);
    }

    /// <summary>
    /// Every good file was indexed; a file whose commit wait (its worker slot given to the next message) overlapped a crash
    /// was not yet acknowledged and is processed again after the restart, so it may be indexed once per launch, never
    /// more (the records checked in <see cref="RunUntilCleanExitAsync"/> show it ends as one INDEXED document).
    /// </summary>
    private static void AssertEachIndexed(List<string> indexed, int launches)
    {
        Assert.Equal(["a.txt", "b.txt", "c.txt"], indexed.Distinct().Order(StringComparer.Ordinal));
        Assert.All(indexed.CountBy(name => name), pair => Assert.InRange(pair.Value, 1, launches));
    }

    private async Task<(List<int> Exits, List<string> Indexed, DeadLetter Dead, QueueCounts Counts, DocumentRecord Boom)> RunUntilCleanExitAsync(
        int maxInterruptions)
    {
        var data = _temp.Combine("data");
        var objects = Directory.CreateDirectory(Path.Combine(data, "objects", "docs")).FullName;
        foreach (var name in new[] { "a.txt", "boom.pdf", "b.txt", "c.txt" })
        {
            await File.WriteAllTextAsync(Path.Combine(objects, name), "本文 " + name);
        }

        var options = Options.Create(new EmbeddedStorageOptions { DataDirectory = data, MaxReceiveCount = MaxReceives });
        await using var queue = new SqliteMessageQueue(options, TimeProvider.System, NullLogger<SqliteMessageQueue>.Instance);
        await queue.SendBatchAsync([.. new[] { "a.txt", "boom.pdf", "b.txt", "c.txt" }.Select(Body)], CancellationToken.None);

        var exits = new List<int>();
        var indexed = new List<string>();
        while (exits.Count < MaxLaunches && (exits.Count == 0 || exits[^1] != 0))
        {
            var (exit, output) = await RunWorkerAsync(data, maxInterruptions);
            exits.Add(exit);
            indexed.AddRange(output.Split('\n').Where(l => l.StartsWith("INDEXED ", StringComparison.Ordinal)).Select(l => l[8..].Trim()));
        }

        var dead = Assert.Single(await queue.ListDeadLettersAsync(10, CancellationToken.None));
        var counts = await queue.GetCountsAsync(CancellationToken.None);
        using var metadata = new SqliteMetadataStore(options);
        foreach (var key in new[] { "a.txt", "b.txt", "c.txt" })
        {
            Assert.Equal(DocumentStatus.Indexed, (await metadata.GetAsync(DocumentId.From("docs", key), CancellationToken.None))?.Status);
        }

        var boom = await metadata.GetAsync(DocumentId.From("docs", "boom.pdf"), CancellationToken.None);
        Assert.NotNull(boom);
        return (exits, indexed, dead, counts, boom);
    }

    private static string Body(string key) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"eventType":"FILE_UPLOADED","s3Bucket":"docs","s3Key":"{{key}}","fileSize":10,"uploadedAt":"2025-01-30T12:00:00Z"}""");

    private static async Task<(int ExitCode, string Output)> RunWorkerAsync(string data, int maxInterruptions)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(LocateDll());
        start.ArgumentList.Add(data);
        start.ArgumentList.Add(MaxReceives.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(maxInterruptions.ToString(CultureInfo.InvariantCulture));
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("crash worker did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string LocateDll()
    {
        var directory = typeof(CrashingParserTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "CrashWorkerDirectory").Value!;
        var dll = Path.GetFullPath(Path.Combine(directory, "FileSearch.Embedded.CrashWorker.dll"));
        Assert.True(File.Exists(dll), $"crash worker not built at {dll}");
        return dll;
    }
}
