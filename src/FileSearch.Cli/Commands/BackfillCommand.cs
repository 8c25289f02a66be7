using System.CommandLine;
using System.Globalization;
using FileSearch.Core.Pipeline.Reindexing;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace FileSearch.Cli.Commands;

/// <summary>
/// <c>backfill vectors [--limit N]</c>: embeds documents that were indexed without their image vector while the
/// embedder was unavailable, and images whose vector was made by another model than the configured embedder's, from
/// their stored originals; updates the index, clears the mark and records the model. Idempotent.
/// <c>backfill hashes [--limit N]</c>: records the content hash and text signature of documents processed before they
/// were kept (<see cref="HashBackfiller"/>). Resumable and idempotent.
/// </summary>
public static class BackfillCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var limit = new Option<int?>("--limit") { Description = "Backfill at most this many documents (default: all)" };
        limit.Validators.Add(r =>
        {
            if (r.GetValue(limit) is < 1)
            {
                r.AddError("--limit must be at least 1");
            }
        });
        var vectors = new Command("vectors", "Embed documents indexed without a vector (embedder was unavailable) or with another model's vector, and update the index") { limit };
        vectors.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, _, token) =>
        {
            var backfiller = services.Get<VectorBackfiller>();
            var pending = await backfiller.FindPendingAsync(parse.GetValue(limit), token).ConfigureAwait(false);
            if (pending.Count == 0)
            {
                AnsiConsole.MarkupLine("No document waits for a vector backfill.");
                return ExitCodes.Success;
            }

            var failures = new List<BackfillItem>();
            var report = await WithProgressAsync<BackfillItem, BackfillReport>("Embedding", pending.Count,
                item => item.Outcome is BackfillOutcome.Failed or BackfillOutcome.Rejected, failures,
                progress => backfiller.BackfillAsync(pending, progress, token)).ConfigureAwait(false);

            Summary(report, failures);
            return report.Failed == 0 ? ExitCodes.Success : ExitCodes.CompletedWithFailures;
        }, ct));
        var hashes = new Command("hashes", "Record the SHA-256 and text signature of documents processed before they were kept (for duplicates)") { limit };
        hashes.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, _, token) =>
        {
            var backfiller = services.Get<HashBackfiller>();
            var pending = await backfiller.FindPendingAsync(parse.GetValue(limit), token).ConfigureAwait(false);
            if (pending.Count == 0)
            {
                AnsiConsole.MarkupLine("Every document has its content hash and text signature.");
                return ExitCodes.Success;
            }

            var problems = new List<HashBackfillItem>();
            var counts = await WithProgressAsync<HashBackfillItem, IReadOnlyDictionary<HashBackfillOutcome, long>>("Hashing", pending.Count,
                item => item.Outcome is HashBackfillOutcome.Failed or HashBackfillOutcome.Changed, problems,
                progress => backfiller.BackfillAsync(pending, progress, token)).ConfigureAwait(false);

            var table = new Table().AddColumn("outcome").AddColumn(new TableColumn("documents").RightAligned());
            table.AddRow("hashed", counts[HashBackfillOutcome.Hashed].ToString("N0", CultureInfo.InvariantCulture));
            table.AddRow("changed since processed (hashed when processed again)", counts[HashBackfillOutcome.Changed].ToString("N0", CultureInfo.InvariantCulture));
            table.AddRow("failed (run again)", counts[HashBackfillOutcome.Failed].ToString("N0", CultureInfo.InvariantCulture));
            table.AddRow("skipped", counts[HashBackfillOutcome.Skipped].ToString("N0", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            foreach (var problem in problems.Take(20))
            {
                AnsiConsole.MarkupLineInterpolated($"[yellow]{problem.Outcome.ToString().ToLowerInvariant()}[/] {problem.Id.Value}: {problem.Reason}");
            }

            return counts[HashBackfillOutcome.Failed] == 0 ? ExitCodes.Success : ExitCodes.CompletedWithFailures;
        }, ct));
        return new Command("backfill", "Complete documents indexed in a degraded state or before a feature existed") { vectors, hashes };
    }

    /// <summary>Runs <paramref name="run"/> under a progress bar of <paramref name="count"/> steps; items <paramref name="problem"/> picks are collected.</summary>
    private static async Task<TResult> WithProgressAsync<TItem, TResult>(string title, int count, Func<TItem, bool> problem, List<TItem> problems,
        Func<IProgress<TItem>, Task<TResult>> run)
    {
        TResult result = default!;
        await AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(),
                new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(title, maxValue: count);
                result = await run(new SynchronousProgress<TItem>(item =>
                {
                    task.Increment(1);
                    if (problem(item))
                    {
                        problems.Add(item);
                    }
                })).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return result;
    }

    private static void Summary(BackfillReport report, List<BackfillItem> failures)
    {
        var table = new Table().AddColumn("outcome").AddColumn(new TableColumn("documents").RightAligned());
        foreach (var (name, count) in new[]
                 {
                     ("embedded", report.Embedded - report.Superseded), ("rejected by the embedder", report.Rejected),
                     ("failed (still pending)", report.Failed), ("skipped", report.Skipped), ("newer version stored meanwhile", report.Superseded),
                 })
        {
            table.AddRow(name, count.ToString("N0", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        foreach (var failure in failures.Take(20))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{failure.Outcome.ToString().ToLowerInvariant()}[/] {failure.Id.Value}: {failure.Reason}");
        }

        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Backfilled [bold]{report.Embedded - report.Superseded:N0}[/] vector(s); {report.Failed:N0} still pending."));
    }

    // Progress<T> posts to the thread pool; the bar and the failure list are updated in order, on the caller's thread.
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
