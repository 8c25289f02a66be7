using System.Net;
using System.Text.Json.Nodes;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Logging;

namespace FileSearch.Search.OpenSearch.Internals;

/// <summary>
/// A new versioned index being filled: bulk writes to it, then one <c>_aliases</c> request moves the alias from the
/// live versions to it (and with <c>remove_index</c> deletes them in the same atomic step). Abandoned, it is deleted.
/// </summary>
internal sealed class OpenSearchRebuild(
    OpenSearchSearchIndex writer,
    OpenSearchTransport transport,
    string alias,
    string name,
    IReadOnlyList<string> live,
    ILogger logger) : ISearchIndexRebuild
{
    private bool _swapped;

    public string Name => name;

    public Task IndexAsync(IndexDocument document, CancellationToken cancellationToken) => writer.IndexAsync(document, cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken) => writer.CommitAsync(cancellationToken);

    public async Task<IReadOnlyList<string>> SwapAsync(bool deletePrevious, CancellationToken cancellationToken)
    {
        await writer.CommitAsync(cancellationToken).ConfigureAwait(false);

        // Everything sent so far becomes searchable before the alias points here.
        var (refreshed, refreshBody) = await transport.SendAsync(HttpMethod.Post, $"/{name}/_refresh", null, cancellationToken).ConfigureAwait(false);
        ThrowUnlessSuccess(refreshed, refreshBody, "refresh");

        // https://docs.opensearch.org/latest/api-reference/alias/aliases-api/ : the actions apply atomically, so the alias
        // never points to both versions or to neither; remove_index deletes an old version in the same step.
        var actions = new JsonArray { new JsonObject { ["add"] = new JsonObject { ["index"] = name, ["alias"] = alias } } };
        foreach (var old in live)
        {
            actions.Add(deletePrevious
                ? new JsonObject { ["remove_index"] = new JsonObject { ["index"] = old } }
                : new JsonObject { ["remove"] = new JsonObject { ["index"] = old, ["alias"] = alias } });
        }

        var (status, body) = await transport.SendAsync(HttpMethod.Post, "/_aliases", new JsonObject { ["actions"] = actions }, cancellationToken)
            .ConfigureAwait(false);
        ThrowUnlessSuccess(status, body, "alias swap");
        _swapped = true;
        Log.AliasSwapped(logger, alias, name, string.Join(", ", live), deletePrevious);
        return live;
    }

    public async ValueTask DisposeAsync()
    {
        writer.Dispose();
        if (_swapped)
        {
            return;
        }

        try
        {
            var (status, body) = await transport.SendAsync(HttpMethod.Delete, $"/{name}", null, CancellationToken.None).ConfigureAwait(false);
            if (status is not HttpStatusCode.OK and not HttpStatusCode.NotFound)
            {
                Log.RebuildNotDeleted(logger, name, ResponseParser.ErrorSummary(body));
                return;
            }

            Log.RebuildAbandoned(logger, name);
        }
        catch (ProcessingException ex)
        {
            // The live alias is untouched either way; the leftover index only needs deleting by hand.
            Log.RebuildNotDeleted(logger, name, ex.Message);
        }
    }

    private static void ThrowUnlessSuccess(HttpStatusCode status, JsonNode? body, string operation)
    {
        if ((int)status is < 200 or >= 300)
        {
            throw ProcessingException.Permanent("index-request-rejected",
                $"OpenSearch rejected the {operation} request ({(int)status}): {ResponseParser.ErrorSummary(body)}");
        }
    }
}
