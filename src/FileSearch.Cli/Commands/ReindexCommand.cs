using System.CommandLine;
using System.Globalization;
using FileSearch.Core.Pipeline.Reindexing;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace FileSearch.Cli.Commands;

/// <summary><c>reindex [--all]</c>: indexes PENDING_INDEX documents, or rebuilds the whole index, from the metadata store.</summary>
public static class ReindexCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var all = new Option<bool>("--all") { Description = "Rebuild the whole index from the metadata store (no download, no OCR)" };
        var command = new Command("reindex", "Index PENDING_INDEX documents (after an index outage), or everything with --all") { all };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, _, token) =>
        {
            var rebuilder = services.Get<IndexRebuilder>();
            var report = parse.GetValue(all)
                ? await rebuilder.RebuildAllAsync(token).ConfigureAwait(false)
                : await rebuilder.DrainPendingAsync(token).ConfigureAwait(false);
            AnsiConsole.MarkupLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Reindexed [bold]{report.Indexed:N0}[/] document(s), removed {report.Removed:N0}, skipped {report.Skipped:N0} (newer version stored)."));
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
