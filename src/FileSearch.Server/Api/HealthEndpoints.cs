using FileSearch.Core.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FileSearch.Server.Api;

/// <summary><c>/healthz</c> (the process answers) and <c>/readyz</c> (index, metadata and queue answer).</summary>
public static class HealthEndpoints
{
    public sealed record ReadyResponse(string Status, IReadOnlyDictionary<string, string> Checks);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/healthz", () => TypedResults.Text("ok")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/readyz", ReadyAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ReadyAsync(HttpContext context, ISearchIndex index, IMetadataStore metadata, IMessageQueue queue)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var checks = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["index"] = await CheckAsync(() => index.CountAsync(timeout.Token)).ConfigureAwait(false),
            ["metadata"] = await CheckAsync(() => metadata.CountByStatusAsync(timeout.Token)).ConfigureAwait(false),
            ["queue"] = await CheckAsync(() => queue.GetCountsAsync(timeout.Token)).ConfigureAwait(false),
        };
        var ready = checks.Values.All(v => v == "ok");
        // Anonymous: the answer names which dependency is down, never why (no internal addresses or paths).
        return TypedResults.Json(new ReadyResponse(ready ? "ready" : "unavailable", checks),
            statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<string> CheckAsync<T>(Func<Task<T>> probe)
    {
        try
        {
            await probe().ConfigureAwait(false);
            return "ok";
        }
        catch (Exception)
        {
            return "unavailable";
        }
    }
}
