using System.CommandLine;
using System.Globalization;
using FileSearch.Cli.Rendering;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Core.Similarity;
using FileSearch.Server.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace FileSearch.Cli.Commands;

/// <summary>
/// <c>search "&lt;query&gt;" [--type pdf] [--limit N] [--path P] [--from D] [--to D] [--min-size B] [--max-size B] [--sort newest]
/// [--collapse duplicates|versions]</c>.
/// </summary>
public static class SearchCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var query = new Argument<string>("query") { Description = "Words, \"phrases\", AND / OR / NOT, prefix*" };
        var type = new Option<string?>("--type", "-t") { Description = "Only this file type (pdf, docx, xlsx, pptx, txt, png, jpg, ...)" };
        var limit = new Option<int>("--limit", "-n") { Description = "Number of hits", DefaultValueFactory = _ => 10 };
        var offset = new Option<int>("--offset") { Description = "Hits to skip (paging)", DefaultValueFactory = _ => 0 };
        var path = new Option<string?>("--path") { Description = "Only documents whose path starts with this prefix" };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Only documents modified on or after this date (e.g. 2024-01-31)" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Only documents modified on or before this date" };
        var minSize = new Option<long?>("--min-size") { Description = "Only documents of at least this many bytes" };
        var maxSize = new Option<long?>("--max-size") { Description = "Only documents of at most this many bytes" };
        var sort = new Option<SearchSort>("--sort") { Description = "Order: Relevance (default), Newest or Oldest" };
        var collapse = new Option<CollapseMode>("--collapse")
        {
            Description = "One hit per group: Duplicates (exact copies and near-duplicates) or Versions (also versions of one document); totals and paging count groups",
        };
        var json = JsonOutput.Option();
        var asUser = CallerOption.Create();
        var command = new Command("search", "Search the index") { query, type, limit, offset, path, from, to, minSize, maxSize, sort, collapse, json, asUser };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, _, token) =>
        {
            var request = new SearchQuery(parse.GetValue(query)!, parse.GetValue(type)?.TrimStart('.').ToLowerInvariant(),
                Math.Clamp(parse.GetValue(limit), 1, 1000), Math.Max(0, parse.GetValue(offset)))
            {
                PathPrefix = parse.GetValue(path),
                ModifiedFrom = parse.GetValue(from),
                ModifiedTo = parse.GetValue(to),
                MinSize = parse.GetValue(minSize),
                MaxSize = parse.GetValue(maxSize),
                Sort = parse.GetValue(sort),
                IncludeFacets = parse.GetValue(json),
            };
            if (await CallerOption.ResolveOrReportAsync(services, parse.GetValue(asUser), "search", token).ConfigureAwait(false) is not { } caller)
            {
                return ExitCodes.Usage;
            }

            request = request with { Visibility = FileSearch.Core.Security.Visibility.Of(caller) };
            if (parse.GetValue(collapse) is var mode and not CollapseMode.None)
            {
                return await CollapsedAsync(services, request, mode, caller, parse.GetValue(json), token).ConfigureAwait(false);
            }

            var started = TimeProvider.System.GetTimestamp();
            var results = await services.Get<ISearchIndex>().SearchAsync(request, token).ConfigureAwait(false);
            if (AuditLog.Audits(caller, AuditAction.Search))
            {
                await services.Get<AuditLog>().RecordAsync(caller, AuditAction.Search, request.Text, AuditOutcome.Allowed,
                    $"{results.TotalHits} hits; root sees every document", token).ConfigureAwait(false);
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(Dtos.Search(request, results, TimeProvider.System.GetElapsedTime(started), UncMapper.From(services.Get<IConfiguration>())));
                return ExitCodes.Success;
            }

            Render(request, results);
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    /// <summary>The search with duplicate groups collapsed among the documents the caller may read (the API's <c>collapse=</c>).</summary>
    private static async Task<int> CollapsedAsync(IServiceProvider services, SearchQuery request, CollapseMode mode, Caller caller, bool json,
        CancellationToken cancellationToken)
    {
        var readable = new List<DuplicateCandidate>();
        var filter = new DuplicatesCommand.Filter(null, 0, caller);
        await foreach (var record in DuplicatesCommand.ReadableAsync(services.Get<IMetadataStore>(), filter, cancellationToken).ConfigureAwait(false))
        {
            readable.Add(DuplicateCandidate.From(record));
        }

        var unc = UncMapper.From(services.Get<IConfiguration>());
        var index = services.Get<ISearchIndex>();
        var images = await ImageNeighbours.FindAsync(index, readable, Visibility.Of(caller), DuplicateFinder.DefaultImageThreshold, cancellationToken)
            .ConfigureAwait(false);
        var response = await SearchCollapse.SearchAsync(index, request, mode, SearchCollapse.Groups(readable, mode, images), unc,
            TimeProvider.System, cancellationToken).ConfigureAwait(false);
        if (AuditLog.Audits(caller, AuditAction.Search))
        {
            await services.Get<AuditLog>().RecordAsync(caller, AuditAction.Search, request.Text, AuditOutcome.Allowed,
                $"{response.Total} hits (collapsed: {response.Collapse}); root sees every document", cancellationToken).ConfigureAwait(false);
        }

        if (json)
        {
            JsonOutput.Write(response);
            return ExitCodes.Success;
        }

        RenderCollapsed(request, response);
        return ExitCodes.Success;
    }

    private static void RenderCollapsed(SearchQuery request, SearchResponse response)
    {
        if (response.Hits.Count == 0)
        {
            AnsiConsole.MarkupLine($"No documents match [bold]{Markup.Escape(request.Text)}[/].");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(request.Text)}[/]: {response.Total.ToString("N0", CultureInfo.InvariantCulture)} document(s) or group(s)");
        table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn(new TableColumn("Score").RightAligned());
        table.AddColumn("Document");
        table.AddColumn("Snippet");
        var rank = request.Offset;
        foreach (var hit in response.Hits)
        {
            rank++;
            var group = hit.Group is { } g
                ? string.Create(CultureInfo.InvariantCulture, $"\n[yellow]+{g.Others} other {(g.Kind == "copies" ? (g.Others == 1 ? "copy" : "copies") : (g.Others == 1 ? "version" : "versions"))}[/]")
                    + (g.LatestId is { } latest ? (latest == hit.Id ? " [green](latest)[/]" : $" [dim]latest {latest}[/]") : string.Empty)
                : string.Empty;
            var document = $"[bold]{Markup.Escape(hit.Name)}[/] [dim]{Markup.Escape(hit.Type)}[/]\n[dim]{Markup.Escape(hit.Path)}[/]\n[dim]{hit.Id}[/]{group}";
            var snippet = Markup.Escape(hit.Snippet.Text);
            table.AddRow(new Text(rank.ToString(CultureInfo.InvariantCulture)), new Text(hit.Score.ToString("F2", CultureInfo.InvariantCulture)),
                new Markup(document), new Markup(snippet));
        }

        AnsiConsole.Write(table);
    }

    internal static void Render(SearchQuery request, SearchResults results)
    {
        if (results.Hits.Count == 0)
        {
            AnsiConsole.MarkupLine($"No documents match [bold]{Markup.Escape(request.Text)}[/].");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(request.Text)}[/]: {results.TotalHits.ToString("N0", CultureInfo.InvariantCulture)} document(s)");
        table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn(new TableColumn("Score").RightAligned());
        table.AddColumn("Document");
        table.AddColumn("Snippet");
        var rank = request.Offset;
        foreach (var hit in results.Hits)
        {
            rank++;
            var document = $"[bold]{Markup.Escape(hit.Name)}[/] [dim]{Markup.Escape(hit.Kind.ShortName())}[/]\n[dim]{Markup.Escape(hit.Path)}[/]\n[dim]{hit.Id}[/]";
            table.AddRow(
                new Text(rank.ToString(CultureInfo.InvariantCulture)),
                new Text(hit.Score.ToString("F2", CultureInfo.InvariantCulture)),
                new Markup(document),
                new Markup(SnippetMarkup.From(hit.Snippet)));
        }

        AnsiConsole.Write(table);
    }
}
