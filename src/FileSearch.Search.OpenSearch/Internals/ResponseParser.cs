using System.Globalization;
using System.Text.Json.Nodes;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Search.OpenSearch.Internals;

/// <summary>The outcome of one <c>_bulk</c> item.</summary>
internal sealed record BulkItemResult(string Id, int Status, string? ErrorType, string? ErrorReason)
{
    /// <summary>Rejected for load (429, es_rejected_execution_exception): send again after a pause.</summary>
    public bool IsThrottled => Status == 429 || ErrorType == "es_rejected_execution_exception";

    /// <summary>A delete (plain or conditional, which is an update) of a document that is not there is a success.</summary>
    public bool IsSuccess => Status is >= 200 and < 300 || (Status == 404 && ErrorType is null or "document_missing_exception");
}

/// <summary>Reads OpenSearch's response formats.</summary>
internal static class ResponseParser
{
    public static IReadOnlyList<BulkItemResult> BulkItems(JsonNode response)
    {
        var results = new List<BulkItemResult>();
        foreach (var item in response["items"]?.AsArray() ?? [])
        {
            var action = item!.AsObject().First().Value!;
            var error = action["error"];
            results.Add(new BulkItemResult(
                action["_id"]?.GetValue<string>() ?? string.Empty,
                action["status"]?.GetValue<int>() ?? 0,
                error?["type"]?.GetValue<string>(),
                error?["reason"]?.GetValue<string>()));
        }

        return results;
    }

    public static SearchResults Search(JsonNode response)
    {
        var hitsNode = response["hits"];
        var total = hitsNode?["total"] switch
        {
            JsonObject o => o["value"]?.GetValue<long>() ?? 0,
            JsonValue v => v.GetValue<long>(),
            _ => 0,
        };
        var hits = new List<SearchHit>();
        foreach (var hit in hitsNode?["hits"]?.AsArray() ?? [])
        {
            hits.Add(Hit(hit!));
        }

        var aggregations = response["aggregations"];
        return new SearchResults(total, hits) { Facets = aggregations is null ? null : Facets(aggregations) };
    }

    /// <summary>
    /// The facets from <see cref="RequestBodies.FacetAggregations"/>' buckets (<c>key</c> or <c>key_as_string</c>,
    /// <c>doc_count</c>). A folder counted in both folder fields takes the larger count: a path counts its true folders
    /// in the field of its separator and only its whole parent folder in the other.
    /// </summary>
    public static SearchFacets Facets(JsonNode aggregations)
    {
        var folders = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var name in new[] { RequestBodies.FacetFolders, RequestBodies.FacetFoldersWindows })
        {
            foreach (var (key, count) in Buckets(aggregations[name]))
            {
                folders[key] = Math.Max(folders.GetValueOrDefault(key), count);
            }
        }

        return new SearchFacets(
            FacetRules.Ordered(Buckets(aggregations[RequestBodies.FacetKinds]).Select(b => KeyValuePair.Create(b.Key, b.Count))),
            FacetRules.Ordered(Buckets(aggregations[RequestBodies.FacetMonths]).Select(b => KeyValuePair.Create(b.Key, b.Count))),
            FacetRules.Ordered(folders));
    }

    /// <summary>Name and word suggestions from <see cref="RequestBodies.Suggest"/>' aggregations, most documents first.</summary>
    public static IReadOnlyList<Suggestion> Suggestions(JsonNode response, int limit)
    {
        var aggregations = response["aggregations"];
        var names = Buckets(aggregations?[RequestBodies.SuggestNames]?[RequestBodies.SuggestValues])
            .Select(b => new Suggestion(b.Key, SuggestionSource.Name, b.Count));
        var words = Buckets(aggregations?[RequestBodies.SuggestWords]?[RequestBodies.SuggestValues])
            .Select(b => new Suggestion(b.Key, SuggestionSource.Term, b.Count));
        return SuggestionRules.Top(names.Concat(words), limit);
    }

    /// <summary>The tokens of an <c>_analyze</c> response: term and offsets (UTF-16, as Java strings count).</summary>
    public static IEnumerable<(string Token, int Start, int End)> Tokens(JsonNode response)
    {
        foreach (var token in response["tokens"]?.AsArray() ?? [])
        {
            yield return (
                token!["token"]?.GetValue<string>() ?? string.Empty,
                token["start_offset"]?.GetValue<int>() ?? 0,
                token["end_offset"]?.GetValue<int>() ?? 0);
        }
    }

    private static IEnumerable<(string Key, long Count)> Buckets(JsonNode? aggregation)
    {
        foreach (var bucket in aggregation?["buckets"]?.AsArray() ?? [])
        {
            var key = bucket!["key_as_string"] ?? bucket["key"];
            if (key is JsonValue value)
            {
                var text = value.TryGetValue<string>(out var s) ? s : value.ToJsonString();
                yield return (text, bucket["doc_count"]?.GetValue<long>() ?? 0);
            }
        }
    }

    public static SearchHit Hit(JsonNode hit)
    {
        var source = hit["_source"] ?? new JsonObject();
        var id = hit["_id"]!.GetValue<string>();
        var fragment = Fragment(hit["highlight"]);
        return new SearchHit(
            DocumentId.TryParse(id, out var parsed) ? parsed : throw new FormatException($"OpenSearch returned an invalid document id '{id}'"),
            hit["_score"] is JsonValue score ? (float)score.GetValue<double>() : 0f,
            source["name"]?.GetValue<string>() ?? string.Empty,
            source["path"]?.GetValue<string>() ?? string.Empty,
            FileKinds.FromExtension(source["kind"]?.GetValue<string>()),
            source["size"]?.GetValue<long>() ?? 0,
            source["modified"] is JsonValue m
                ? DateTimeOffset.Parse(m.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : null,
            Snippet(fragment))
        {
            ParentId = source["parent_id"] is JsonValue p && DocumentId.TryParse(p.GetValue<string>(), out var parent) ? parent : null,
            MemberPath = source["member_path"]?.GetValue<string>(),
        };
    }

    /// <summary>
    /// The morphological field's fragment when it marks a match, else the normalised field's (another spelling of the
    /// word: the document's own spelling is marked), else the bigram field's, else the unmarked leading text
    /// (<c>no_match_size</c>). https://docs.opensearch.org/latest/search-plugins/searching-data/highlight/
    /// </summary>
    private static string? Fragment(JsonNode? highlight)
    {
        var text = First(highlight?["text"]);
        if (text is not null && text.Contains(RequestBodies.PreTag, StringComparison.Ordinal))
        {
            return text;
        }

        return First(highlight?["text.norm"]) ?? First(highlight?["text.bigram"]) ?? text;

        static string? First(JsonNode? fragments) => fragments is JsonArray array ? array.FirstOrDefault()?.GetValue<string>() : null;
    }

    /// <summary>Splits a highlighted fragment at the marker characters into plain and matching parts.</summary>
    public static IReadOnlyList<SnippetPart> Snippet(string? fragment)
    {
        var parts = new List<SnippetPart>();
        if (string.IsNullOrEmpty(fragment))
        {
            return parts;
        }

        var rest = fragment.AsSpan();
        while (!rest.IsEmpty)
        {
            var start = rest.IndexOf(RequestBodies.PreTag, StringComparison.Ordinal);
            if (start < 0)
            {
                parts.Add(new SnippetPart(rest.ToString(), false));
                break;
            }

            if (start > 0)
            {
                parts.Add(new SnippetPart(rest[..start].ToString(), false));
            }

            rest = rest[(start + 1)..];
            var end = rest.IndexOf(RequestBodies.PostTag, StringComparison.Ordinal);
            var match = end < 0 ? rest : rest[..end];
            if (!match.IsEmpty)
            {
                parts.Add(new SnippetPart(match.ToString(), true));
            }

            rest = end < 0 ? [] : rest[(end + 1)..];
        }

        return parts;
    }

    /// <summary>
    /// Each index of a get-mapping response with the analysis version its mapping records in <c>_meta.filesearch.analysis</c>
    /// (1 for an index created before the version was recorded); none for a body of another shape.
    /// </summary>
    public static IEnumerable<(string Index, int Version)> AnalysisVersions(JsonNode? response)
    {
        if (response is not JsonObject indices)
        {
            yield break;
        }

        foreach (var (index, body) in indices)
        {
            if (body?["mappings"] is JsonObject mappings)
            {
                var version = mappings["_meta"]?["filesearch"]?["analysis"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 1;
                yield return (index, version);
            }
        }
    }

    /// <summary>The first error's type and reason of an error response, for messages.</summary>
    public static string ErrorSummary(JsonNode? response)
    {
        var error = response?["error"];
        return error switch
        {
            JsonObject o => $"{o["type"]?.GetValue<string>()}: {o["reason"]?.GetValue<string>()}",
            JsonValue v => v.ToString(),
            _ => "no error details",
        };
    }
}
