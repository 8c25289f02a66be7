using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;

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

        if (document.Version is { } version)
        {
            AddVersion(source, version);
        }

        if (document.ParentId is { } parent)
        {
            source["parent_id"] = parent.Value;
            source["member_path"] = document.MemberPath;
        }

        // Without permission information no allow terms are written: only unrestricted (admin) searches find the document.
        if (document.Permissions is { } permissions)
        {
            source["acl_allow"] = new JsonArray([.. permissions.AllowedPrincipals.Select(p => (JsonNode?)JsonValue.Create(p))]);
            source["acl_deny"] = new JsonArray([.. permissions.DeniedPrincipals.Select(p => (JsonNode?)JsonValue.Create(p))]);
        }

        return source;
    }

    /// <summary>
    /// Painless script of a conditional write (bulk <c>update</c> with <c>scripted_upsert</c>): unless the stored entry is of
    /// a newer version than <c>params</c>, the source is replaced by <c>params.doc</c>, or the entry deleted when there is
    /// none. The comparison is <see cref="DocumentVersion.CompareTo"/>'s: sequencers as hex numbers when both sides have
    /// one, else event times; an entry stored without a version is never newer.
    /// </summary>
    public const string ConditionalWriteScript =
        "boolean newer = false; def s = ctx._source; "
        + "if (params.seq != null && s.version_seq != null) { "
        + "String a = s.version_seq; int i = 0; while (i < a.length() && a.charAt(i) == (char)'0') { i++; } a = a.substring(i).toUpperCase(); "
        + "String b = params.seq; int j = 0; while (j < b.length() && b.charAt(j) == (char)'0') { j++; } b = b.substring(j).toUpperCase(); "
        + "newer = a.length() != b.length() ? a.length() > b.length() : a.compareTo(b) > 0; "
        + "} else if (s.version_seq != null || s.version_time != null) { "
        + "long a = Long.MIN_VALUE; if (s.version_time != null) { a = ((Number)s.version_time).longValue(); } "
        + "long b = Long.MIN_VALUE; if (params.time != null) { b = ((Number)params.time).longValue(); } "
        + "newer = a > b; } "
        + "if (newer) { ctx.op = 'noop'; } else if (params.doc == null) { ctx.op = 'delete'; } "
        + "else { ctx._source.clear(); ctx._source.putAll(params.doc); }";

    /// <summary>The bulk <c>update</c> body that writes <paramref name="document"/> unless a newer version is indexed.</summary>
    public static JsonObject ConditionalUpsert(IndexDocument document, DocumentVersion version) => new()
    {
        ["script"] = Script(version, Source(document)),
        ["scripted_upsert"] = true,
        ["upsert"] = new JsonObject(),
    };

    /// <summary>The bulk <c>update</c> body that deletes an entry of at most <paramref name="upTo"/> (a missing one answers 404).</summary>
    public static JsonObject ConditionalDelete(DocumentVersion upTo) => new() { ["script"] = Script(upTo, null) };

    private static JsonObject Script(DocumentVersion version, JsonObject? doc)
    {
        var parameters = new JsonObject
        {
            ["seq"] = string.IsNullOrEmpty(version.Sequencer) ? null : version.Sequencer,
            ["time"] = version.EventTime is { } time ? time.UtcTicks : null,
            ["doc"] = doc,
        };
        return new JsonObject { ["lang"] = "painless", ["source"] = ConditionalWriteScript, ["params"] = parameters };
    }

    private static void AddVersion(JsonObject source, DocumentVersion version)
    {
        if (!string.IsNullOrEmpty(version.Sequencer))
        {
            source["version_seq"] = version.Sequencer;
        }

        if (version.EventTime is { } time)
        {
            source["version_time"] = time.UtcTicks;
        }
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

    /// <summary>
    /// The text part of a search: the analysed fields plus the name, AND by default. The word field ranks first, the
    /// normalised field (notation variants) next, the bigram field (parts of compounds) last.
    /// </summary>
    public static JsonObject TextQuery(string text) => new()
    {
        ["simple_query_string"] = new JsonObject
        {
            ["query"] = Operators(text),
            ["fields"] = new JsonArray("text^2", "text.norm", "text.bigram^0.5", "name"),
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

        if (query.IncludeFacets)
        {
            body["aggs"] = FacetAggregations(query.PathPrefix);
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
                    ["text.norm"] = new JsonObject { ["fragment_size"] = 160, ["number_of_fragments"] = 1 },
                    ["text.bigram"] = new JsonObject { ["fragment_size"] = 160, ["number_of_fragments"] = 1 },
                },
            };
        }

        return body;
    }

    /// <summary>
    /// Facet aggregations: terms on <c>kind</c>, a UTC month histogram of <c>modified</c>, and terms on the folders
    /// (<c>path.folders</c> split at '/', <c>path.folders_windows</c> at '\') restricted by <c>include</c> to the
    /// folders one level below the path prefix. https://docs.opensearch.org/latest/aggregations/bucket/terms/ ,
    /// https://docs.opensearch.org/latest/aggregations/bucket/date-histogram/
    /// </summary>
    public static JsonObject FacetAggregations(string? pathPrefix)
    {
        var include = FolderInclude(pathPrefix);
        return new JsonObject
        {
            [FacetKinds] = Terms("kind", FacetRules.MaxValues),
            [FacetMonths] = new JsonObject
            {
                ["date_histogram"] = new JsonObject
                {
                    ["field"] = "modified",
                    ["calendar_interval"] = "month",
                    ["format"] = "yyyy-MM",
                    ["time_zone"] = "UTC",
                    ["min_doc_count"] = 1,
                },
            },
            [FacetFolders] = Terms("path.folders", FacetRules.MaxValues, include),
            [FacetFoldersWindows] = Terms("path.folders_windows", FacetRules.MaxValues, include),
        };
    }

    /// <summary>Aggregation names of <see cref="FacetAggregations"/>.</summary>
    public const string FacetKinds = "kinds";
    public const string FacetMonths = "months";
    public const string FacetFolders = "folders";
    public const string FacetFoldersWindows = "folders_windows";

    /// <summary>
    /// The folders one level below the prefix, as a Lucene regular expression over whole folder values (the same rule as
    /// <see cref="FacetRules.FolderBelow"/>): the prefix, a separator unless it ends with one, one name without separators.
    /// </summary>
    public static string FolderInclude(string? pathPrefix)
    {
        var prefix = pathPrefix ?? string.Empty;
        var separator = prefix.Length == 0 || !FacetRules.IsSeparator(prefix[^1]) ? @"[/\\]?" : string.Empty;
        return RegexLiteral(prefix) + separator + @"[^/\\]+";
    }

    /// <summary>
    /// Suggestions: names by a prefix on the normalised <c>name.suggest</c> (counted by the stored <c>name.keyword</c>),
    /// words by a prefix on <c>text</c> (its terms, restricted to the prefix with <c>include</c>).
    /// </summary>
    public static JsonObject Suggest(string key, int limit, Visibility? visibility = null)
    {
        JsonObject Prefix(string field) => new() { ["prefix"] = new JsonObject { [field] = key } };
        var query = new JsonObject
        {
            ["should"] = new JsonArray(Prefix("name.suggest"), Prefix("text")),
            ["minimum_should_match"] = 1,
        };
        if (visibility is not null)
        {
            // Aggregations count the query's documents: only visible ones name a suggestion and count.
            query["filter"] = new JsonArray(Visible(visibility));
        }

        return new JsonObject
        {
            ["size"] = 0,
            ["track_total_hits"] = false,
            ["query"] = new JsonObject { ["bool"] = query },
            ["aggs"] = new JsonObject
            {
                [SuggestNames] = new JsonObject
                {
                    ["filter"] = Prefix("name.suggest"),
                    ["aggs"] = new JsonObject { [SuggestValues] = Terms("name.keyword", limit) },
                },
                [SuggestWords] = new JsonObject
                {
                    ["filter"] = Prefix("text"),
                    ["aggs"] = new JsonObject { [SuggestValues] = Terms("text", limit, RegexLiteral(key) + ".*") },
                },
            },
        };
    }

    /// <summary>Aggregation names of <see cref="Suggest"/>.</summary>
    public const string SuggestNames = "names";
    public const string SuggestWords = "words";
    public const string SuggestValues = "values";

    /// <summary>An <c>_analyze</c> request: the text analysed as the field is. https://docs.opensearch.org/latest/api-reference/analyze-apis/</summary>
    public static JsonObject Analyze(string field, string text) => new() { ["field"] = field, ["text"] = text };

    /// <summary>
    /// A k-NN query; with a visibility, filtered while searching (efficient k-NN filtering), so the k nearest are k the
    /// caller may see. https://docs.opensearch.org/latest/vector-search/filter-search-knn/efficient-knn-filtering/
    /// </summary>
    public static JsonObject Knn(ReadOnlyMemory<float> vector, int k, DocumentId? exclude, Visibility? visibility = null)
    {
        var field = new JsonObject { ["vector"] = Vector(vector), ["k"] = exclude is null ? k : k + 1 };
        if (visibility is not null)
        {
            field["filter"] = Visible(visibility);
        }

        var knn = new JsonObject { ["vector"] = field };
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

        if (query.Visibility is { } visibility)
        {
            filters.Add(Visible(visibility));
        }

        return filters;
    }

    /// <summary>The documents the principals may read: one of them in <c>acl_allow</c>, none in <c>acl_deny</c>.</summary>
    public static JsonObject Visible(Visibility visibility)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        JsonArray Principals() => new([.. visibility.Principals.Select(p => (JsonNode?)JsonValue.Create(p))]);
        return new JsonObject
        {
            ["bool"] = new JsonObject
            {
                ["filter"] = new JsonArray(new JsonObject { ["terms"] = new JsonObject { ["acl_allow"] = Principals() } }),
                ["must_not"] = new JsonArray(new JsonObject { ["terms"] = new JsonObject { ["acl_deny"] = Principals() } }),
            },
        };
    }

    /// <summary>A terms aggregation ordered as facets and suggestions are: count descending, then value.</summary>
    private static JsonObject Terms(string field, int size, string? include = null)
    {
        var terms = new JsonObject
        {
            ["field"] = field,
            ["size"] = size,
            ["order"] = new JsonArray(new JsonObject { ["_count"] = "desc" }, new JsonObject { ["_key"] = "asc" }),
        };
        if (include is not null)
        {
            terms["include"] = include;
        }

        return new JsonObject { ["terms"] = terms };
    }

    /// <summary>Text as a literal of Lucene's regular expression syntax (ASCII punctuation escaped).</summary>
    private static string RegexLiteral(string text)
    {
        var literal = new System.Text.StringBuilder(text.Length * 2);
        foreach (var c in text)
        {
            if (c < '\u0080' && !char.IsAsciiLetterOrDigit(c))
            {
                literal.Append('\\');
            }

            literal.Append(c);
        }

        return literal.ToString();
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
