using System.Diagnostics;
using FileSearch.Aws;
using FileSearch.Bench.Commands.Soak.Faults;
using FileSearch.Cli.Commands;
using FileSearch.Core.Domain;
using Spectre.Console;

namespace FileSearch.Bench.Commands.Soak;

/// <summary>
/// One chaos soak: seeds the stand-ins, runs the worker with injected faults, SIGKILLs and restarts it at random
/// points of progress, waits (bounded) until the queue and the PENDING_INDEX backlog are empty, then verifies.
/// </summary>
internal sealed class SoakRunner(SoakSettings settings, IAnsiConsole console)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private readonly Random _random = new(settings.Seed);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(settings.WorkDirectory);
        await SoakPrerequisites.EnsureStandInsAsync(settings.StandInDirectory, console, cancellationToken).ConfigureAwait(false);
        var files = SoakCorpus.Create(settings.Files, settings.Seed, settings.SamplePdf);
        console.MarkupLine($"Soak: {files.Count} inputs ({files.Count(f => f.IsPoison)} poison), {settings.Kills} kill(s), seed {settings.Seed}, " +
            $"index outage {settings.Outage.TotalSeconds:0} s at +{settings.OutageAt.TotalSeconds:0} s; work dir [grey]{Markup.Escape(settings.WorkDirectory)}[/]");
        await using var environment = await SoakEnvironment.StartAsync(settings.StandInDirectory, cancellationToken).ConfigureAwait(false);
        await environment.SeedAsync(files, _ => { }, cancellationToken).ConfigureAwait(false);
        await using var wire = settings.WireFaults.Enabled ? SoakWire.Start(environment.Options, settings.WireFaults) : null;
        if (wire is not null)
        {
            console.MarkupLine($"Wire faults between the worker and the stand-ins: {Markup.Escape(settings.WireFaults.ToString())}");
        }

        var workerAws = wire?.WorkerOptions(environment.Options) ?? environment.Options;

        var logPath = Path.Combine(settings.WorkDirectory, "worker.log");
        using var worker = new SoakWorker(settings.WorkerDataDirectory, logPath);
        var clock = Stopwatch.StartNew();
        var start = TimeProvider.System.GetUtcNow();
        var (kills, timedOut) = (0, false);
        await console.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("Processing", maxValue: files.Count);
                (kills, timedOut) = await DriveAsync(environment, workerAws, worker, start, files.Count, task, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);

        await worker.StopAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        var outcome = await SoakVerifier.VerifyAsync(files, environment, settings.WorkerDataDirectory, cancellationToken).ConfigureAwait(false);
        if (timedOut)
        {
            outcome = outcome with { Problems = [$"not drained within {settings.Timeout.TotalMinutes:0.#} min", .. outcome.Problems] };
        }

        var run = new SoakRun(kills, settings.Outage, SoakSettings.FaultRate, worker.Tally, wire?.Counts ?? new WireFaultCounts(0, 0, 0, 0, 0), elapsed);
        SoakReport.Write(console, outcome, run, worker.Starts, logPath);
        if (outcome.Passed)
        {
            TryDelete(settings.WorkDirectory);
        }

        return outcome.Passed ? ExitCodes.Success : ExitCodes.Error;
    }

    private async Task<(int Kills, bool TimedOut)> DriveAsync(SoakEnvironment environment, AwsOptions workerAws, SoakWorker worker, DateTimeOffset start, int total,
        ProgressTask task, CancellationToken cancellationToken)
    {
        var thresholds = Enumerable.Range(0, settings.Kills).Select(_ => 0.15 + (_random.NextDouble() * 0.7)).Order().ToArray();
        var runs = 0;
        var kills = 0;
        var doneAtStart = 0L;
        worker.Start(settings.WorkerEnvironment(workerAws, start, runs));
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < settings.Timeout)
        {
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            var counts = await environment.Queue.GetCountsAsync(cancellationToken).ConfigureAwait(false);
            var done = Math.Max(0, total - counts.Visible - counts.InFlight);
            task.Value = done;
            task.Description = $"Processing ({kills}/{settings.Kills} kills, {worker.Starts} worker starts)";
            // A kill needs a worker that is at work: it has finished messages since its start and holds some now. (An
            // uptime rule instead let a fast machine finish a small run before the first kill was allowed.)
            if (worker.HasExited)
            {
                // A worker that dies by itself is a finding too: the log shows why; keep the run going.
                await worker.KillAsync(cancellationToken).ConfigureAwait(false);
                worker.Start(settings.WorkerEnvironment(workerAws, start, ++runs));
                doneAtStart = done;
            }
            else if (kills < thresholds.Length && done >= thresholds[kills] * total && done > doneAtStart && counts.InFlight > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(_random.Next(1500)), cancellationToken).ConfigureAwait(false);
                await worker.KillAsync(cancellationToken).ConfigureAwait(false);
                kills++;
                worker.Start(settings.WorkerEnvironment(workerAws, start, ++runs));
                doneAtStart = done;
            }

            if (counts.Visible + counts.InFlight == 0)
            {
                var byStatus = await environment.Metadata.CountByStatusAsync(cancellationToken).ConfigureAwait(false);
                if (byStatus.GetValueOrDefault(DocumentStatus.PendingIndex) == 0)
                {
                    task.Value = total;
                    return (kills, false);
                }
            }
        }

        return (kills, true);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
