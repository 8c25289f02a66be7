using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace FileSearch.Server.Api;

/// <summary><c>/api/v1/search</c>, <c>/suggest</c>, <c>/me</c>, <c>/antiforgery</c>.</summary>
public static class SearchEndpoints
{
    public const string SearchRateLimit = "search";

    public static RouteGroupBuilder MapSearchEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/search", SearchAsync)
            .WithName("Search")
            .WithSummary("Full-text search with filters, facets and highlighted snippets")
            .WithDescription("Query language: words, \"phrases\", AND / OR / NOT, prefix*. An empty q with filters lists documents. " +
                "collapse=duplicates shows exact copies and near-duplicates as one hit, collapse=versions also versions of one document; " +
                "total and paging then count groups, and each such hit has a group (kind, others, ids, latestId).")
            .RequireRateLimiting(SearchRateLimit)
            .Produces<SearchResponse>()
            .ProducesValidationProblem();
        api.MapGet("/suggest", SuggestAsync)
            .WithName("Suggest")
            .WithSummary("Search-as-you-type: file names and indexed words starting with a prefix")
            .RequireRateLimiting(SearchRateLimit)
            .Produces<SuggestResponse>()
            .ProducesValidationProblem();
        api.MapGet("/me", (HttpContext context) =>
            {
                var caller = context.Caller();
                return TypedResults.Ok(new MeResponse(caller.User, caller.Groups, caller.IsAdmin, caller.Authentication));
            })
            .WithName("Me")
            .WithSummary("Who the server thinks you are");
        api.MapGet("/antiforgery", (HttpContext context, IAntiforgery antiforgery) =>
            {
                var tokens = antiforgery.GetAndStoreTokens(context);
                return TypedResults.Ok(new AntiforgeryResponse(
                    tokens.RequestToken ?? string.Empty, tokens.HeaderName ?? "X-CSRF-TOKEN", tokens.FormFieldName));
            })
            .WithName("Antiforgery")
            .WithSummary("A token for state-changing requests made with the web page's cookie");
        return api;
    }

    private static async Task<IResult> SearchAsync(HttpContext context, ISearchIndex index, UncMapper unc, IOptions<ServerOptions> options, TimeProvider time,
        AuditLog audit, DuplicateCandidates candidates)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var collapse = SearchRequests.Collapse(context.Request.Query, errors);
        var query = SearchRequests.Parse(context.Request.Query, options.Value, errors);
        if (query is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var caller = context.Caller();
        query = query with { Visibility = Visibility.Of(caller) };
        var started = time.GetTimestamp();
        SearchResponse response;
        if (collapse == CollapseMode.None)
        {
            var results = await index.SearchAsync(query, context.RequestAborted).ConfigureAwait(false);
            response = Dtos.Search(query, results, time.GetElapsedTime(started), unc);
        }
        else
        {
            var groups = await candidates.GroupsAsync(caller, collapse, context.RequestAborted).ConfigureAwait(false);
            response = await SearchCollapse.SearchAsync(index, query, collapse, groups, unc, time, context.RequestAborted).ConfigureAwait(false);
        }

        if (AuditLog.Audits(caller, AuditAction.Search))
        {
            await audit.RecordAsync(caller, AuditAction.Search, context.Request.QueryString.Value ?? string.Empty, AuditOutcome.Allowed,
                $"{response.Total} hits; admins see every document", context.RequestAborted).ConfigureAwait(false);
        }

        return TypedResults.Ok(response);
    }

    private static async Task<IResult> SuggestAsync(HttpContext context, ISearchIndex index, IOptions<ServerOptions> options)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var prefix = context.Request.Query["prefix"].ToString();
        if (prefix.Length > 100)
        {
            errors["prefix"] = ["The prefix is longer than 100 characters."];
        }

        var limit = SearchRequests.Int(context.Request.Query, "limit", 8, 1, 50, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var visibility = Visibility.Of(context.Caller());
        var suggestions = string.IsNullOrWhiteSpace(prefix)
            ? []
            : await index.SuggestAsync(prefix.Trim(), limit, visibility, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(Dtos.Suggest(prefix, suggestions));
    }
}
