using System.CommandLine;
using System.Globalization;
using FileSearch.Cli.Rendering;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Server.Admin;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace FileSearch.Cli.Commands;

/// <summary><c>status</c>: documents by status, queue depth, index size.</summary>
public static class StatusCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var json = JsonOutput.Option();
        var command = new Command("status", "Documents by status and queue visible / in-flight / dead-lettered") { json };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, context, token) =>
        {
            if (parse.GetValue(json))
            {
                var status = await AdminEndpoints.BuildStatusAsync(
                    services.Get<IMetadataStore>(), services.Get<IMessageQueue>(), services.Get<ISearchIndex>(), [], TimeProvider.System, token).ConfigureAwait(false);
                JsonOutput.Write(status);
                return status.IndexProblem is null ? ExitCodes.Success : ExitCodes.Error;
            }

            var byStatus = await services.Get<IMetadataStore>().CountByStatusAsync(token).ConfigureAwait(false);
            var queue = await services.Get<IMessageQueue>().GetCountsAsync(token).ConfigureAwait(false);
            string indexed;
            string? damage = null;
            try
            {
                indexed = N(await services.Get<ISearchIndex>().CountAsync(token).ConfigureAwait(false));
            }
            catch (ProcessingException ex) when (ex.Code == "index-damaged")
            {
                // The metadata and the queue still answer: show them, and how to repair the index.
                indexed = "[red]damaged[/]";
                damage = ex.Message;
            }

            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(context.DataDirectory)}[/]");
            table.AddColumn("What");
            table.AddColumn(new TableColumn("Count").RightAligned());
            foreach (var status in Enum.GetValues<DocumentStatus>())
            {
                table.AddRow($"documents {StatusName(status)}", N(byStatus.GetValueOrDefault(status)));
            }

            table.AddRow("index entries", indexed);
            table.AddRow("queue visible", N(queue.Visible));
            table.AddRow("queue in flight", N(queue.InFlight));
            table.AddRow(queue.DeadLettered > 0 ? "[red]queue dead-lettered[/]" : "queue dead-lettered", N(queue.DeadLettered));
            AnsiConsole.Write(table);
            if (damage is not null)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(damage)}");
                return ExitCodes.Error;
            }

            return ExitCodes.Success;
        }, ct));
        return command;
    }

    /// <summary>PendingIndex as PENDING_INDEX.</summary>
    internal static string StatusName(DocumentStatus status) =>
        string.Concat(status.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
