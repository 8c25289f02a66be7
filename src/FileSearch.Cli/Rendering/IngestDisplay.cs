using System.Globalization;
using FileSearch.Cli.Ingest;
using FileSearch.Core.Domain;
using Spectre.Console;

namespace FileSearch.Cli.Rendering;

/// <summary>The live progress of an ingest run and its closing summary.</summary>
public static class IngestDisplay
{
    public static async Task RunAsync(IngestProgress progress, int total, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(work);
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            await RunPlainAsync(progress, total, work, cancellationToken).ConfigureAwait(false);
            return;
        }

        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("Processing", maxValue: Math.Max(1, total));
                var run = work(cancellationToken);
                while (!run.IsCompleted)
                {
                    Update(task, progress, total);
                    await Task.WhenAny(run, Task.Delay(200, cancellationToken)).ConfigureAwait(false);
                }

                Update(task, progress, total);
                task.Value = task.MaxValue;
                await run.ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    public static void WriteSummary(IngestProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var rows = progress.Summarize();
        if (rows.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("[bold]Ingest summary[/]");
            table.AddColumns("Type", "Files", "OK", "Failed", "Pages", "Time");
            foreach (var c in table.Columns.Skip(1))
            {
                c.RightAligned();
            }

            foreach (var row in rows)
            {
                table.AddRow(row.Kind.ShortName(), N(row.Files), N(row.Succeeded), row.Failed > 0 ? $"[red]{row.Failed}[/]" : "0", N(row.Pages), Seconds(row.Time));
            }

            table.AddRow("[bold]total[/]", N(rows.Sum(r => r.Files)), N(rows.Sum(r => r.Succeeded)), N(rows.Sum(r => r.Failed)), N(rows.Sum(r => r.Pages)), Seconds(progress.Elapsed));
            AnsiConsole.Write(table);
        }

        if (progress.DeletedCount > 0)
        {
            AnsiConsole.MarkupLine($"Removed from the index: {progress.DeletedCount}");
        }

        foreach (var reason in progress.FailureReasons)
        {
            AnsiConsole.MarkupLine($"[red]failed[/] {Markup.Escape(reason)}");
        }

        if (progress.Failed > 0)
        {
            AnsiConsole.MarkupLine($"[yellow]{progress.Failed} file(s) failed; see [bold]filesearch dlq list[/], retry with [bold]filesearch dlq redrive --all[/].[/]");
        }
    }

    private static async Task RunPlainAsync(IngestProgress progress, int total, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var run = work(cancellationToken);
        var lastReported = -1;
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(2000, cancellationToken)).ConfigureAwait(false);
            if (progress.Finished != lastReported && !run.IsCompleted)
            {
                lastReported = progress.Finished;
                Console.WriteLine(Describe(progress, total));
            }
        }

        await run.ConfigureAwait(false);
        if (progress.Finished != lastReported)
        {
            Console.WriteLine(Describe(progress, total));
        }
    }

    private static void Update(ProgressTask task, IngestProgress progress, int total)
    {
        task.Value = Math.Min(progress.Finished, task.MaxValue);
        task.Description = Markup.Escape(Describe(progress, total));
    }

    private static string Describe(IngestProgress p, int total)
    {
        var rate = p.Elapsed.TotalSeconds > 0 ? p.Finished / p.Elapsed.TotalSeconds : 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"files {p.Finished}/{total} | pages {p.Pages} | errors {p.Failed} | retries {p.Retries} | {rate:F1} files/s");
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s";
}
