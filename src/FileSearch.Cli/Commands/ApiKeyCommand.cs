using System.CommandLine;
using System.Globalization;
using FileSearch.Hosting;
using FileSearch.Server;
using FileSearch.Server.Security;
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
        create.SetAction(async (parse, ct) => await RunAsync(parse, globals, async store =>
        {
            var groupList = (parse.GetValue(groups) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var (key, info) = await store.CreateAsync(parse.GetValue(name)!, parse.GetValue(user)!, groupList, parse.GetValue(admin), ct).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(key).ConfigureAwait(false);
            await Console.Error.WriteLineAsync(
                $"Created API key {info.Id} ('{info.Name}') for {info.User}{(info.IsAdmin ? " (admin)" : string.Empty)}. It is shown only now: "
                + "send it as 'X-Api-Key: <key>' or 'Authorization: Bearer <key>'.").ConfigureAwait(false);
            return ExitCodes.Success;
        }).ConfigureAwait(false));

        var list = new Command("list", "List keys (never the keys themselves)");
        list.SetAction(async (parse, ct) => await RunAsync(parse, globals, async store =>
        {
            var keys = await store.ListAsync(ct).ConfigureAwait(false);
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
        }).ConfigureAwait(false));

        var target = new Argument<string>("key") { Description = "Key id or name" };
        var revoke = new Command("revoke", "Revoke a key: it stops working at once") { target };
        revoke.SetAction(async (parse, ct) => await RunAsync(parse, globals, async store =>
        {
            if (!await store.RevokeAsync(parse.GetValue(target)!, ct).ConfigureAwait(false))
            {
                await Console.Error.WriteLineAsync($"error: no live API key {parse.GetValue(target)}").ConfigureAwait(false);
                return ExitCodes.NotFound;
            }

            await Console.Out.WriteLineAsync($"Revoked {parse.GetValue(target)}.").ConfigureAwait(false);
            return ExitCodes.Success;
        }).ConfigureAwait(false));

        return new Command("apikey", "Create, list and revoke API keys for the HTTP API") { create, list, revoke };
    }

    private static async Task<int> RunAsync(ParseResult parse, GlobalOptions globals, Func<ApiKeyStore, Task<int>> body)
    {
        var context = new CliContext(CliContext.ResolveDataDirectory(parse.GetValue(globals.DataDir)), parse.GetValue(globals.Verbose));
        try
        {
            return await body(new ApiKeyStore(SearchServer.ApiKeyStorePath(context.DataDirectory), TimeProvider.System)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return CommandRunner.ReportError(ex, context.Verbose);
        }
    }

    private static string When(DateTimeOffset? at) => at?.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? string.Empty;
}
