using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Search.OpenSearch.Internals;

namespace FileSearch.Search.OpenSearch;

public sealed partial class OpenSearchSearchIndex
{
    /// <summary>
    /// Creates the next versioned index (<c>{IndexName}-v{n+1}</c>, at least <see cref="OpenSearchOptions.IndexVersion"/>)
    /// from the template, without the alias: searches and writes keep going to the live version until the swap.
    /// </summary>
    public async Task<ISearchIndexRebuild> BeginRebuildAsync(CancellationToken cancellationToken)
    {
        var live = await LiveIndicesAsync(cancellationToken).ConfigureAwait(false);
        var next = Math.Max(live.Select(VersionOf).DefaultIfEmpty(0).Max() + 1, _options.IndexVersion);
        var name = $"{_options.IndexName}-v{next.ToString(CultureInfo.InvariantCulture)}";
        var (status, body) = await _transport.SendAsync(HttpMethod.Put, $"/{name}", IndexTemplate.Build(_options, withAlias: false), cancellationToken)
            .ConfigureAwait(false);
        if (body?["error"]?["type"]?.GetValue<string>() == "resource_already_exists_exception")
        {
            throw ProcessingException.Permanent("index-version-exists",
                $"OpenSearch index {name} already exists but the alias {_options.IndexName} does not point to it (left by an interrupted reindex?); delete it and run reindex --all again");
        }

        if (!IsSuccess(status))
        {
            throw ProcessingException.Permanent("index-create-failed", $"Could not create OpenSearch index {name}: {ResponseParser.ErrorSummary(body)}");
        }

        Log.RebuildStarted(_logger, name, string.Join(", ", live));
        var writer = new OpenSearchSearchIndex(_transport, _options, _time, _logger, name);
        return new OpenSearchRebuild(writer, _transport, _options.IndexName, name, live, _logger);
    }

    /// <summary>The concrete indices behind the alias (none when it does not exist yet).</summary>
    private async Task<IReadOnlyList<string>> LiveIndicesAsync(CancellationToken cancellationToken)
    {
        // https://docs.opensearch.org/latest/api-reference/alias/get-alias/ : { "<index>": { "aliases": { "<alias>": {} } } }
        var (status, body) = await _transport.SendAsync(HttpMethod.Get, $"/_alias/{_options.IndexName}", null, cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.NotFound)
        {
            return [];
        }

        ThrowUnlessSuccess(status, body, "get alias");
        return body is JsonObject indices ? [.. indices.Select(i => i.Key).Order(StringComparer.Ordinal)] : [];
    }

    /// <summary>n of <c>{IndexName}-v{n}</c>; 0 for an index named otherwise.</summary>
    private int VersionOf(string index)
    {
        var prefix = _options.IndexName + "-v";
        return index.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(index.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : 0;
    }
}
