using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Search.OpenSearch.Internals;

/// <summary>JSON bodies of the requests the adapter sends (documents, bulk actions, searches).</summary>
internal static partial class RequestBodies
{
    /// <summary>Highlight markers: private-use characters, so literal "&lt;em&gt;" in a document is not mistaken for one.</summary>
    public const string PreTag = "\uE000";
    public const string PostTag = "\uE001";

    public static JsonObject Source(IndexDocument document)
    {
        var source = new JsonObject
        {
            ["id"] = document.Id.Value,
            ["bucket"] = document.Bucket,
            ["key"] = document.Key,
            ["name"] = document.Name,
            ["path"] = document.Path,
            ["kind"] = document.Kind.ShortName(),
            ["size"] = document.Size,
            ["modified"] = document.Modified is { } m ? Date(m) : null,
            ["indexed"] = Date(document.Indexed),
            ["text"] = document.Text,
        };
        if (document.Vector is { IsEmpty: false } vector)
        {
            source["vector"] = Vector(vector);
        }

        return source;
    }

    public static JsonArray Vector(ReadOnlyMemory<float> vector)
    {
        var array = new JsonArray();
        foreach (var value in vector.Span)
        {
            array.Add(value);
        }

        return array;
    }

    /// <summary>The text part of a search: both analysed fields plus the name, AND by default.</summary>
    public static JsonObject TextQuery(string text) => new()
    {
        ["simple_query_string"] = new JsonObject
        {
            ["query"] = Operators(text),
            ["fields"] = new JsonArray("text^2", "text.bigram", "name"),
            ["default_operator"] = "and",
        },
    };

    public static JsonObject Search(SearchQuery query, int size, int from, JsonObject scoring, bool highlight)
    {
        var filters = Filters(query);
        var body = new JsonObject
        {
            ["from"] = from,
            ["size"] = size,
            ["track_total_hits"] = true,
            ["_source"] = new JsonObject { ["excludes"] = new JsonArray("text", "vector") },
            ["query"] = filters.Count == 0 ? scoring : new JsonObject
            {
                ["bool"] = new JsonObject { ["must"] = new JsonArray(scoring), ["filter"] = filters },
            },
        };
        if (query.Sort != SearchSort.Relevance)
        {
            var order = query.Sort == SearchSort.Newest ? "desc" : "asc";
            body["sort"] = new JsonArray(
                new JsonObject { ["modified"] = new JsonObject { ["order"] = order, ["missing"] = "_last" } },
                "_score");
        }

        if (highlight)
        {
            body["highlight"] = new JsonObject
            {
                ["pre_tags"] = new JsonArray(PreTag),
                ["post_tags"] = new JsonArray(PostTag),
                // The bigram sub-field too: a match found only by bigrams (recall) would otherwise show an unmarked snippet.
                ["fields"] = new JsonObject
                {
                    ["text"] = new JsonObject { ["fragment_size"] = 160, ["number_of_fragments"] = 1, ["no_match_size"] = 160 },
                    ["text.bigram"] = new JsonObject { ["fragment_size"] = 160, ["number_of_fragments"] = 1 },
                },
            };
        }

        return body;
    }

    public static JsonObject Knn(ReadOnlyMemory<float> vector, int k, DocumentId? exclude)
    {
        var knn = new JsonObject { ["vector"] = new JsonObject { ["vector"] = Vector(vector), ["k"] = exclude is null ? k : k + 1 } };
        return exclude is { } id
            ? new JsonObject
            {
                ["bool"] = new JsonObject
                {
                    ["must"] = new JsonArray(new JsonObject { ["knn"] = knn }),
                    ["must_not"] = new JsonArray(new JsonObject { ["ids"] = new JsonObject { ["values"] = new JsonArray(id.Value) } }),
                },
            }
            : new JsonObject { ["knn"] = knn };
    }

    private static JsonArray Filters(SearchQuery query)
    {
        var filters = new JsonArray();
        if (!string.IsNullOrWhiteSpace(query.Kind))
        {
            var trimmed = query.Kind.Trim();
            var known = FileKinds.FromExtension(trimmed);
            filters.Add(Term("kind", known == FileKind.Unknown ? trimmed.ToLowerInvariant() : known.ShortName()));
        }

        if (!string.IsNullOrEmpty(query.PathPrefix))
        {
            filters.Add(new JsonObject { ["prefix"] = new JsonObject { ["path"] = query.PathPrefix } });
        }

        if (query.ModifiedFrom is not null || query.ModifiedTo is not null)
        {
            filters.Add(Range("modified", query.ModifiedFrom is { } f ? Date(f) : null, query.ModifiedTo is { } t ? Date(t) : null));
        }

        if (query.MinSize is not null || query.MaxSize is not null)
        {
            filters.Add(Range("size", query.MinSize, query.MaxSize));
        }

        return filters;
    }

    private static JsonObject Term(string field, string value) => new() { ["term"] = new JsonObject { [field] = value } };

    private static JsonObject Range(string field, JsonNode? from, JsonNode? to)
    {
        var range = new JsonObject();
        if (from is not null)
        {
            range["gte"] = from;
        }

        if (to is not null)
        {
            range["lte"] = to;
        }

        return new JsonObject { ["range"] = new JsonObject { [field] = range } };
    }

    private static string Date(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Our query language (AND / OR / NOT) in simple_query_string's operators (+ | -).</summary>
    private static string Operators(string text) =>
        NotOperator().Replace(OrOperator().Replace(AndOperator().Replace(text, " + "), " | "), "$1-");

    [GeneratedRegex(@"\s+AND\s+")]
    private static partial Regex AndOperator();

    [GeneratedRegex(@"\s+OR\s+")]
    private static partial Regex OrOperator();

    [GeneratedRegex(@"(^|\s)NOT\s+")]
    private static partial Regex NotOperator();
}
