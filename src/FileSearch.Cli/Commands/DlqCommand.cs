using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FileSearch.Cli.Rendering;
using FileSearch.Core.Ports;
using FileSearch.Server.Admin;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace FileSearch.Cli.Commands;

/// <summary><c>dlq list</c> and <c>dlq redrive [--all | &lt;id&gt;]</c>.</summary>
public static class DlqCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var limit = new Option<int>("--limit", "-n") { Description = "Entries to show", DefaultValueFactory = _ => 50 };
        var json = JsonOutput.Option();
        var list = new Command("list", "List dead-lettered messages with their reasons") { limit, json };
        list.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, _, token) =>
        {
            var letters = await services.Get<IMessageQueue>().ListDeadLettersAsync(Math.Max(1, parse.GetValue(limit)), token).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(AdminEndpoints.DeadLetters(letters));
                return ExitCodes.Success;
            }

            Render(letters);
            return ExitCodes.Success;
        }, ct));

        var id = new Argument<string?>("id") { Description = "Message id to redrive", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Redrive every dead-lettered message" };
        var redrive = new Command("redrive", "Move dead-lettered messages back to the queue") { id, all };
        redrive.Validators.Add(r =>
        {
            if (r.GetValue(all) == (r.GetValue(id) is not null))
            {
                r.AddError("give either a message id or --all");
            }
        });
        redrive.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, _, token) =>
        {
            var target = parse.GetValue(all) ? null : parse.GetValue(id);
            var moved = await services.Get<IMessageQueue>().RedriveAsync(target, token).ConfigureAwait(false);
            if (target is not null && moved == 0)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] no dead-lettered message {Markup.Escape(target)}");
                return ExitCodes.NotFound;
            }

            AnsiConsole.MarkupLine($"Moved {moved} message(s) back to the queue. Run [bold]filesearch worker[/] (or ingest) to process them.");
            return ExitCodes.Success;
        }, ct));

        return new Command("dlq", "Inspect and redrive the dead-letter queue") { list, redrive };
    }

    private static void Render(IReadOnlyList<DeadLetter> letters)
    {
        if (letters.Count == 0)
        {
            AnsiConsole.MarkupLine("The dead-letter queue is empty.");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{letters.Count} dead-lettered message(s)[/]");
        table.AddColumns("Id", "Receives", "When", "Object", "Reason");
        foreach (var d in letters)
        {
            table.AddRow(
                Markup.Escape(d.MessageId),
                d.ReceiveCount.ToString(CultureInfo.InvariantCulture),
                d.DeadLetteredAt.ToString("u", CultureInfo.InvariantCulture),
                Markup.Escape(DescribeBody(d.Body)),
                Markup.Escape(d.Reason));
        }

        AnsiConsole.Write(table);
    }

    /// <summary>The object a message is about, when the body is readable; else the start of the body.</summary>
    internal static string DescribeBody(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("s3Key", out var key) && key.ValueKind == JsonValueKind.String)
            {
                return key.GetString()!;
            }
        }
        catch (JsonException)
        {
        }

        return body.Length > 60 ? body[..60] + "..." : body;
    }
}
