using System.CommandLine;
using System.Globalization;
using FileSearch.Core.Security;
using FileSearch.Embedded.Permissions;
using FileSearch.Server;
using FileSearch.Server.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace FileSearch.Cli.Commands;

/// <summary><c>apikey create|list|revoke</c>: API keys for scripts calling the search service.</summary>
public static class ApiKeyCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var name = new Option<string>("--name") { Description = "What the key is for (shown in lists)", Required = true };
        var user = new Option<string>("--user") { Description = "The user the key acts as", Required = true };
        var groups = new Option<string?>("--groups") { Description = "Groups of that user, comma-separated" };
        var admin = new Option<bool>("--admin") { Description = "Grant the admin role (status, dead letters, reindex)" };
        var create = new Command("create", "Create a key; it is printed once, only its hash is kept") { name, user, groups, admin };
        create.SetAction((parse, ct) => RunAsync(parse, globals, async (store, audit, token) =>
        {
            var groupList = (parse.GetValue(groups) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var (key, info) = await store.CreateAsync(parse.GetValue(name)!, parse.GetValue(user)!, groupList, parse.GetValue(admin), token).ConfigureAwait(false);
            await audit(AuditAction.CreateApiKey, info.Id, AuditOutcome.Allowed,
                $"key '{info.Name}' for {info.User}{(info.IsAdmin ? " (admin)" : string.Empty)}, groups {string.Join(",", info.Groups)}").ConfigureAwait(false);
            await Console.Out.WriteLineAsync(key).ConfigureAwait(false);
            await Console.Error.WriteLineAsync(
                $"Created API key {info.Id} ('{info.Name}') for {info.User}{(info.IsAdmin ? " (admin)" : string.Empty)}. It is shown only now: "
                + "send it as 'X-Api-Key: <key>' or 'Authorization: Bearer <key>'.").ConfigureAwait(false);
            return ExitCodes.Success;
        }, ct));

        var list = new Command("list", "List keys (never the keys themselves)");
        list.SetAction((parse, ct) => RunAsync(parse, globals, async (store, _, token) =>
        {
            var keys = await store.ListAsync(token).ConfigureAwait(false);
            if (keys.Count == 0)
            {
                AnsiConsole.MarkupLine("No API keys.");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumns("Id", "Name", "User", "Groups", "Admin", "Created", "Last used", "Revoked");
            foreach (var k in keys)
            {
                table.AddRow(
                    Markup.Escape(k.Id), Markup.Escape(k.Name), Markup.Escape(k.User), Markup.Escape(string.Join(",", k.Groups)),
                    k.IsAdmin ? "yes" : "no", When(k.CreatedAt), When(k.LastUsedAt), k.RevokedAt is null ? string.Empty : "[red]" + When(k.RevokedAt) + "[/]");
            }

            AnsiConsole.Write(table);
            return ExitCodes.Success;
        }, ct));

        var target = new Argument<string>("key") { Description = "Key id or name" };
        var revoke = new Command("revoke", "Revoke a key: it stops working at once") { target };
        revoke.SetAction((parse, ct) => RunAsync(parse, globals, async (store, audit, token) =>
        {
            if (!await store.RevokeAsync(parse.GetValue(target)!, token).ConfigureAwait(false))
            {
                await audit(AuditAction.RevokeApiKey, parse.GetValue(target)!, AuditOutcome.Refused, "no live key of that id or name").ConfigureAwait(false);
                await Console.Error.WriteLineAsync($"error: no live API key {parse.GetValue(target)}").ConfigureAwait(false);
                return ExitCodes.NotFound;
            }

            await audit(AuditAction.RevokeApiKey, parse.GetValue(target)!, AuditOutcome.Allowed, "revoked").ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"Revoked {parse.GetValue(target)}.").ConfigureAwait(false);
            return ExitCodes.Success;
        }, ct));

        return new Command("apikey", "Create, list and revoke API keys for the HTTP API") { create, list, revoke };
    }

    /// <summary>Runs <paramref name="body"/> with the key store and a way to audit what it does as the OS user running it.</summary>
    private static Task<int> RunAsync(ParseResult parse, GlobalOptions globals,
        Func<ApiKeyStore, Func<AuditAction, string, AuditOutcome, string, Task>, CancellationToken, Task<int>> body, CancellationToken cancellationToken) =>
        CommandRunner.RunAsync(parse, globals, LogLevel.Warning, (services, context, token) =>
        {
            var store = new ApiKeyStore(SearchServer.ApiKeyStorePath(context.DataDirectory), TimeProvider.System);
            var log = services.GetRequiredService<AuditLog>();
            var caller = OsCaller.Current();
            return body(store, (action, target, outcome, reason) => log.RecordAsync(caller, action, target, outcome, reason, token), token);
        }, cancellationToken);

    private static string When(DateTimeOffset? at) => at?.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? string.Empty;
}
