using System.Net;
using System.Text.Json.Nodes;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Search.OpenSearch.Internals;

namespace FileSearch.Search.OpenSearch;

public sealed partial class OpenSearchSearchIndex
{
    /// <summary>Reciprocal rank fusion constant (the usual 60).</summary>
    private const int RrfK = 60;

    public async Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureIndexAsync(cancellationToken).ConfigureAwait(false);
        var limit = Math.Max(0, query.Limit);
        var offset = Math.Max(0, query.Offset);
        var hasText = !string.IsNullOrWhiteSpace(query.Text);
        if (!query.HasVector)
        {
            var scoring = hasText ? RequestBodies.TextQuery(query.Text) : new JsonObject { ["match_all"] = new JsonObject() };
            return await RunAsync(RequestBodies.Search(query, limit, offset, scoring, hasText && !query.WithoutSnippets), cancellationToken).ConfigureAwait(false);
        }

        var vector = query.Vector ?? await StoredVectorAsync(query.SimilarTo!.Value, cancellationToken).ConfigureAwait(false);
        if (vector is null)
        {
            return new SearchResults(0, []);
        }

        var window = offset + limit;
        var knn = RequestBodies.Knn(vector.Value, Math.Max(1, window), query.SimilarTo, query.Visibility);
        if (!hasText)
        {
            return await RunAsync(RequestBodies.Search(query, limit, offset, knn, false), cancellationToken).ConfigureAwait(false);
        }

        var text = await RunAsync(RequestBodies.Search(query, window, 0, RequestBodies.TextQuery(query.Text), !query.WithoutSnippets), cancellationToken).ConfigureAwait(false);
        var similar = await RunAsync(RequestBodies.Search(query with { IncludeFacets = false }, window, 0, knn, false), cancellationToken)
            .ConfigureAwait(false);
        return Fuse(text, similar, offset, limit) with { Facets = text.Facets };
    }

    /// <summary>
    /// The k-NN query of <see cref="SearchQuery.SimilarTo"/>, its scores turned back into cosine similarity: for the
    /// <c>cosinesimil</c> space every engine scores (2 − d) / 2 with d = 1 − cos, so cos = 2 × score − 1
    /// (https://docs.opensearch.org/docs/2.19/field-types/supported-field-types/knn-spaces/).
    /// </summary>
    public async Task<IReadOnlyList<VectorNeighbour>> NearestAsync(DocumentId id, int limit, Visibility? visibility, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return [];
        }

        var results = await SearchAsync(new SearchQuery(string.Empty, null, limit) { SimilarTo = id, Visibility = visibility, WithoutSnippets = true },
            cancellationToken).ConfigureAwait(false);
        return [.. results.Hits.Select(h => new VectorNeighbour(h.Id, (2.0 * h.Score) - 1.0))];
    }

    /// <summary>Merges two rankings by reciprocal rank fusion; text hits keep their snippets.</summary>
    private static SearchResults Fuse(SearchResults text, SearchResults similar, int offset, int limit)
    {
        var scores = new Dictionary<DocumentId, (float Score, SearchHit Hit)>();
        foreach (var list in new[] { text.Hits, similar.Hits })
        {
            for (var rank = 0; rank < list.Count; rank++)
            {
                var hit = list[rank];
                var add = 1f / (RrfK + rank + 1);
                scores[hit.Id] = scores.TryGetValue(hit.Id, out var seen) ? (seen.Score + add, seen.Hit) : (add, hit);
            }
        }

        var hits = scores.Values.OrderByDescending(s => s.Score).Skip(offset).Take(limit)
            .Select(s => s.Hit with { Score = s.Score }).ToList();
        return new SearchResults(scores.Count, hits);
    }

    private async Task<SearchResults> RunAsync(JsonObject body, CancellationToken cancellationToken)
    {
        var (status, response) = await _transport.SendAsync(HttpMethod.Post, $"/{_options.IndexName}/_search", body, cancellationToken).ConfigureAwait(false);
        ThrowUnlessSuccess(status, response, "search");
        return ResponseParser.Search(response!);
    }

    private async Task<ReadOnlyMemory<float>?> StoredVectorAsync(DocumentId id, CancellationToken cancellationToken)
    {
        var (status, response) = await _transport.SendAsync(HttpMethod.Get,
            $"/{_options.IndexName}/_doc/{Uri.EscapeDataString(id.Value)}?_source_includes=vector", null, cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.NotFound || response?["_source"]?["vector"] is not JsonArray array)
        {
            return null;
        }

        ThrowUnlessSuccess(status, response, "get");
        return array.Select(v => v!.GetValue<float>()).ToArray();
    }
}
