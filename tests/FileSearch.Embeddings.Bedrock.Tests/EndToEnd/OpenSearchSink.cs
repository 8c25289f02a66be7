using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FileSearch.Embeddings.Bedrock.Tests.EndToEnd;

/// <summary>
/// Just enough of an OpenSearch cluster on 127.0.0.1 for writes: the alias is missing (HEAD or GET of its mapping → 404
/// <c>index_not_found_exception</c>), index creation is acknowledged, every <c>_bulk</c> item succeeds. Records each request body by method and path.
/// </summary>
internal sealed class OpenSearchSink : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OpenSearchSink(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public ConcurrentQueue<(string Method, string Path, string Body)> Requests { get; } = new();

    public static async Task<OpenSearchSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var sink = new OpenSearchSink(app);
        app.Run(sink.AnswerAsync);
        await app.StartAsync();
        sink.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var path = context.Request.Path.Value ?? "/";
        Requests.Enqueue((context.Request.Method, path, body));
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = 404;
            return;
        }

        JsonObject answer;
        if (HttpMethods.IsGet(context.Request.Method) && path.EndsWith("/_mapping", StringComparison.Ordinal))
        {
            // https://docs.opensearch.org/latest/api-reference/index-apis/get-mapping/ on a missing index or alias.
            context.Response.StatusCode = 404;
            answer = new JsonObject
            {
                ["error"] = new JsonObject { ["type"] = "index_not_found_exception", ["reason"] = "no such index" },
                ["status"] = 404,
            };
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
            return;
        }

        if (path.EndsWith("/_bulk", StringComparison.Ordinal))
        {
            var items = new JsonArray();
            foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (JsonNode.Parse(line) is JsonObject action && action.FirstOrDefault() is var (op, meta) && op is "index" or "update" or "delete")
                {
                    items.Add(new JsonObject { [op] = new JsonObject { ["_id"] = meta?["_id"]?.GetValue<string>(), ["status"] = 201, ["result"] = "created" } });
                }
            }

            answer = new JsonObject { ["took"] = 1, ["errors"] = false, ["items"] = items };
        }
        else
        {
            answer = new JsonObject { ["acknowledged"] = true };
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
    }
}
