using System.CommandLine;
using System.Globalization;
using FileSearch.Core.Pipeline.Reindexing;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace FileSearch.Cli.Commands;

/// <summary>
/// <c>reindex [--all [--delete-old]]</c>: indexes PENDING_INDEX documents, or rebuilds the whole index, from the metadata
/// store (image vectors recomputed from the originals). On OpenSearch <c>--all</c> fills a new versioned index and swaps
/// the alias.
/// </summary>
public static class ReindexCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var all = new Option<bool>("--all") { Description = "Rebuild the whole index from the metadata store (no OCR; image vectors recomputed)" };
        var deleteOld = new Option<bool>("--delete-old")
        {
            Description = "With --all on a versioned backend (OpenSearch): delete the replaced index version after the alias swap",
        };
        var command = new Command("reindex", "Index PENDING_INDEX documents (after an index outage), or everything with --all") { all, deleteOld };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, _, token) =>
        {
            var rebuilder = services.Get<IndexRebuilder>();
            var report = parse.GetValue(all)
                ? await rebuilder.RebuildAllAsync(parse.GetValue(deleteOld), token).ConfigureAwait(false)
                : await rebuilder.DrainPendingAsync(token).ConfigureAwait(false);
            AnsiConsole.MarkupLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Reindexed [bold]{report.Indexed:N0}[/] document(s) ({report.Vectors:N0} image vector(s) recomputed), removed {report.Removed:N0}, skipped {report.Skipped:N0} (newer version stored)."));
            if (report.DamagedIndexMovedTo is { } movedTo)
            {
                AnsiConsole.MarkupLine(Markup.Escape(
                    $"The index was damaged ({report.Damage}): it was moved to {movedTo} and rebuilt; delete that folder once searches look right."));
            }

            if (report.SwappedTo is { } version)
            {
                var replaced = report.Replaced.Count == 0 ? "nothing" : string.Join(", ", report.Replaced);
                AnsiConsole.MarkupLine(Markup.Escape(
                    $"Index version {version} is live; replaced {replaced}{(report.ReplacedDeleted ? " (deleted)" : string.Empty)}."));
            }

            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
