using System.CommandLine;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Embedded.Permissions;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace FileSearch.Cli.Commands;

/// <summary>
/// <c>access &lt;doc&gt; --user U</c> (root): whether an OS user may read a document, and which permission entry decides
/// (its principal and source: mode bits, ACL, ancestor folder, path rule or event).
/// </summary>
public static class AccessCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var target = new Argument<string>("document") { Description = "Document id, original path or object key" };
        var user = new Option<string>("--user", "-u") { Description = "The OS user to explain the decision for", Required = true };
        var command = new Command("access", "Explain whether a user may read a document (root only)") { target, user };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, _, token) =>
        {
            if (!OsCaller.Current().IsAdmin)
            {
                AnsiConsole.MarkupLine("[red]error:[/] access is for root (it reveals other users' permissions)");
                return ExitCodes.Usage;
            }

            if (OsCaller.Named(parse.GetValue(user)!) is not { } caller)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] no user '{Markup.Escape(parse.GetValue(user)!)}' on this system");
                return ExitCodes.Usage;
            }

            var record = await ShowCommand.FindAsync(services.Get<IMetadataStore>(), parse.GetValue(target)!, token).ConfigureAwait(false);
            if (record is null)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] no document {Markup.Escape(parse.GetValue(target)!)}");
                return ExitCodes.NotFound;
            }

            var principals = caller.Principals();
            var decision = AccessDecision.For(record.Permissions, [.. principals], isAdmin: false);
            await services.Get<AuditLog>().RecordAsync(OsCaller.Current(), AuditAction.ExplainAccess, record.Id.Value, AuditOutcome.Allowed,
                $"for {caller.User}: {decision.Reason}", token).ConfigureAwait(false);
            AnsiConsole.MarkupLine($"{Markup.Escape(record.OriginalPath ?? record.Key)}: {(decision.Allowed ? "[green]readable[/]" : "[red]not readable[/]")} by {Markup.Escape(caller.User)}");
            AnsiConsole.MarkupLine($"  [dim]because[/] {Markup.Escape(decision.Reason)}");
            AnsiConsole.MarkupLine($"  [dim]principals[/] {Markup.Escape(string.Join(", ", principals))}");
            AnsiConsole.MarkupLine($"  [dim]document[/] {Markup.Escape(record.Permissions?.ToString() ?? "no permission information")}");
            return decision.Allowed ? ExitCodes.Success : ExitCodes.Error;
        }, ct));
        return command;
    }
}
