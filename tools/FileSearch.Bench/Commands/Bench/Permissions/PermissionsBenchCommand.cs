using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FileSearch.Bench.Commands.Bench.Api;
using FileSearch.Cli.Commands;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Hosting;
using FileSearch.Server;
using FileSearch.Server.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace FileSearch.Bench.Commands.Bench.Permissions;

/// <summary>
/// <c>bench permissions [--documents N] [--groups G] [--users U] [--clients C] [--seconds S] [--rounds R]</c>: what
/// query-time permission trimming costs. The <c>bench api</c> corpus is indexed into the embedded index with permissions
/// (<see cref="PermissionsBenchCorpus"/>: G groups, users in 1-50 of them); C concurrent callers send the <c>bench api</c>
/// query mix for S seconds as admins (no filter), then the same queries each as a different user (the filter of that
/// user's principals). Rounds alternate the two; medians are reported. Before timing, the trimmed results of the
/// selective queries are checked against the admin's results filtered by <see cref="AccessDecision"/>: same totals,
/// same documents, else the run fails.
/// </summary>
public static class PermissionsBenchCommand
{
    private const int MixSize = 2_000;

    public static Command Create(GlobalOptions globals)
    {
        var documents = new Option<int>("--documents") { Description = "Documents in the index", DefaultValueFactory = _ => 100_000 };
        var groups = new Option<int>("--groups") { Description = "Groups documents are shared with", DefaultValueFactory = _ => 1_000 };
        var users = new Option<int>("--users") { Description = "Users the queries are sent as (each in 1-50 groups)", DefaultValueFactory = _ => 2_000 };
        var clients = new Option<int>("--clients") { Description = "Concurrent callers", DefaultValueFactory = _ => 8 };
        var seconds = new Option<int>("--seconds") { Description = "Seconds of load per side and round", DefaultValueFactory = _ => 15 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds (admin then users each round)", DefaultValueFactory = _ => 3 };
        var command = new Command("permissions", "Search p95 with permission trimming against the same queries as admin, same index, same run")
        {
            documents, groups, users, clients, seconds, rounds,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new Settings(
                Math.Max(100, parse.GetValue(documents)), Math.Clamp(parse.GetValue(groups), 10, 100_000), Math.Clamp(parse.GetValue(users), 1, 1_000_000),
                Math.Clamp(parse.GetValue(clients), 1, 256), TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(seconds))), Math.Max(1, parse.GetValue(rounds)));
            var data = Path.Combine(Path.GetTempPath(), "filesearch-bench-permissions-" + Guid.NewGuid().ToString("N"));
            try
            {
                return await RunAsync(data, settings, ct).ConfigureAwait(false);
            }
            finally
            {
                if (Directory.Exists(data))
                {
                    Directory.Delete(data, recursive: true);
                }
            }
        });
        return command;
    }

    private sealed record Settings(int Documents, int Groups, int Users, int Clients, TimeSpan Duration, int Rounds);

    private static async Task<int> RunAsync(string data, Settings settings, CancellationToken ct)
    {
        using var host = FileSearchHost.CreateBuilder(new CliContext(data, false), LogLevel.Warning).Build();
        await host.StartAsync(ct).ConfigureAwait(false);
        try
        {
            var index = host.Services.GetRequiredService<ISearchIndex>();
            var corpus = new PermissionsBenchCorpus(settings.Groups, settings.Users, seed: 11);
            var permissions = await IndexAsync(index, corpus, settings.Documents, ct).ConfigureAwait(false);
            var options = new ServerOptions();
            var mix = ApiBenchCorpus.Queries(MixSize, seed: 5).Select(q => QueryLoad.Parse(q, options)).ToList();
            var asUsers = mix.Select((q, i) => q with { Visibility = new Visibility(corpus.Principals(i % settings.Users)) }).ToList();

            var (checkedQueries, mismatches) = await CompareAsync(index, mix, asUsers, permissions, ct).ConfigureAwait(false);
            var admin = new List<LoadRun>();
            var trimmed = new List<LoadRun>();
            for (var round = 0; round < settings.Rounds; round++)
            {
                admin.Add(await QueryLoad.RunAsync(settings.Clients, settings.Duration, i => index.SearchAsync(mix[i % mix.Count], ct)).ConfigureAwait(false));
                trimmed.Add(await QueryLoad.RunAsync(settings.Clients, settings.Duration, i => index.SearchAsync(asUsers[i % asUsers.Count], ct)).ConfigureAwait(false));
                AnsiConsole.MarkupLine(BenchFormat.Invariant($"round {round + 1}: admin {admin[^1]}; users {trimmed[^1]}"));
            }

            var (adminP95, userP95) = (QueryLoad.Median(admin, r => r.P95), QueryLoad.Median(trimmed, r => r.P95));
            var ratio = userP95 / Math.Max(0.001, adminP95);
            Console.WriteLine(BenchFormat.Invariant(
                $"RESULT permissions documents={settings.Documents} groups={settings.Groups} users={settings.Users} clients={settings.Clients} seconds={settings.Duration.TotalSeconds:F0} rounds={settings.Rounds} admin_qps={QueryLoad.Median(admin, r => r.Qps):F0} admin_p50_ms={QueryLoad.Median(admin, r => r.P50):F1} admin_p95_ms={adminP95:F1} user_qps={QueryLoad.Median(trimmed, r => r.Qps):F0} user_p50_ms={QueryLoad.Median(trimmed, r => r.P50):F1} user_p95_ms={userP95:F1} ratio_p95={ratio:F2} checked={checkedQueries} mismatches={mismatches} target_met={(ratio <= 1.20 ? "true" : "false")}"));
            return mismatches == 0 && checkedQueries > 0 ? ExitCodes.Success : ExitCodes.Error;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<Dictionary<string, DocumentPermissions>> IndexAsync(ISearchIndex index, PermissionsBenchCorpus corpus, int count, CancellationToken ct)
    {
        var permissions = new Dictionary<string, DocumentPermissions>(count, StringComparer.Ordinal);
        await ApiBenchCorpus.IndexAsync(index, count, (document, n) =>
        {
            var guarded = document with { Permissions = corpus.Permissions(n) };
            lock (permissions)
            {
                permissions[guarded.Id.Value] = guarded.Permissions!;
            }

            return guarded;
        }, ct).ConfigureAwait(false);
        return permissions;
    }

    /// <summary>
    /// For the queries an admin can list in full (at most 500 hits), the user's results must be the admin's filtered by
    /// <see cref="AccessDecision"/>: the same total and the same documents.
    /// </summary>
    private static async Task<(int Checked, int Mismatches)> CompareAsync(
        ISearchIndex index, IReadOnlyList<SearchQuery> mix, IReadOnlyList<SearchQuery> asUsers, Dictionary<string, DocumentPermissions> permissions, CancellationToken ct)
    {
        const int all = 500;
        var (checkedQueries, mismatches) = (0, 0);
        for (var i = 0; i < mix.Count && checkedQueries < 150; i++)
        {
            var admin = await index.SearchAsync(mix[i] with { Offset = 0, Limit = all }, ct).ConfigureAwait(false);
            if (admin.TotalHits > all)
            {
                continue;
            }

            var principals = asUsers[i].Visibility!.Principals;
            var expected = admin.Hits.Select(h => h.Id.Value)
                .Where(id => AccessDecision.For(permissions[id], [.. principals], isAdmin: false).Allowed)
                .Order(StringComparer.Ordinal).ToList();
            var user = await index.SearchAsync(asUsers[i] with { Offset = 0, Limit = all }, ct).ConfigureAwait(false);
            checkedQueries++;
            if (user.TotalHits != expected.Count || !user.Hits.Select(h => h.Id.Value).Order(StringComparer.Ordinal).SequenceEqual(expected, StringComparer.Ordinal))
            {
                if (++mismatches <= 5)
                {
                    AnsiConsole.MarkupLine(Markup.Escape(BenchFormat.Invariant($"MISMATCH '{mix[i].Text}': expected {expected.Count} readable hits, the trimmed search returned {user.TotalHits}")));
                }
            }
        }

        AnsiConsole.MarkupLine(BenchFormat.Invariant($"checked {checkedQueries} selective queries against the admin's results filtered by the access rule: {mismatches} mismatch(es)"));
        return (checkedQueries, mismatches);
    }

}
