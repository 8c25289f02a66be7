using System.Globalization;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using Spectre.Console;

namespace FileSearch.Cli.Commands;

/// <summary>
/// <c>ingest</c> beside a running worker: the worker holds the index (<see cref="ISingleWriterIndex"/>), so ingest leaves
/// the queued events to it and waits until the queue is empty, showing what is left. When the worker stops before the
/// queue is empty, ingest claims the index and processes the rest itself.
/// </summary>
internal static class RunningWorker
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan PlainReportEvery = TimeSpan.FromSeconds(5);

    /// <summary>Claims the index for this process; returns null when it did, else the holder as it describes itself.</summary>
    public static async Task<string?> ClaimAsync(ISingleWriterIndex index, CancellationToken cancellationToken)
    {
        try
        {
            await index.ClaimWriterAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (IndexWriterBusyException busy)
        {
            return busy.Holder;
        }
    }

    /// <summary>
    /// Waits while another process holds the index and the queue is not empty. Returns the exit code when the other process
    /// drained the queue, or null when this process got the index and should process what is left itself.
    /// </summary>
    public static async Task<int?> WaitAsync(
        ISingleWriterIndex index, string holder, IMessageQueue queue, int queued, TimeProvider time, CancellationToken cancellationToken)
    {
        var before = await queue.GetCountsAsync(cancellationToken).ConfigureAwait(false);
        AnsiConsole.MarkupLine(Markup.Escape(
            $"Another process is writing this data directory's index ({holder}); it processes the {queued} queued event(s). "
            + "Waiting until the queue is empty (Ctrl+C stops waiting; the worker goes on)."));
        var lastReport = time.GetTimestamp();
        var lastLeft = -1L;
        while (true)
        {
            var counts = await queue.GetCountsAsync(cancellationToken).ConfigureAwait(false);
            var left = counts.Visible + counts.InFlight;
            if (left == 0)
            {
                var failed = Math.Max(0, counts.DeadLettered - before.DeadLettered);
                AnsiConsole.MarkupLine(failed == 0
                    ? "The queue is empty: everything was processed."
                    : $"[yellow]The queue is empty; {failed} message(s) were dead-lettered meanwhile: see [bold]filesearch dlq list[/].[/]");
                return failed == 0 ? ExitCodes.Success : ExitCodes.CompletedWithFailures;
            }

            if (await ClaimAsync(index, cancellationToken).ConfigureAwait(false) is null)
            {
                AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"The other process stopped with {left} event(s) left; processing them here."));
                return null;
            }

            if (left != lastLeft && time.GetElapsedTime(lastReport) >= PlainReportEvery)
            {
                AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"{left} event(s) left in the queue"));
                lastReport = time.GetTimestamp();
                lastLeft = left;
            }

            await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
