using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace FileSearch.Server.Api;

/// <summary>A marked range of a text: UTF-16 code-unit offset and length, for clients to render however they like.</summary>
public sealed record TextRange(int Start, int Length);

/// <summary>A text with what the query matched in it.</summary>
public sealed record HighlightedText(string Text, IReadOnlyList<TextRange> Highlights);

public sealed record SearchHitDto(
    string Id,
    string Name,
    string Path,
    string? UncPath,
    string Type,
    long Size,
    DateTimeOffset? Modified,
    double Score,
    HighlightedText Snippet,
    string? ThumbnailUrl)
{
    /// <summary>For an archive member or mail attachment: the id of the file holding it (its own document); null otherwise.</summary>
    public string? ParentId { get; init; }

    /// <summary>For an archive member or mail attachment: its path inside the parent, nested levels joined by " › ".</summary>
    public string? MemberPath { get; init; }

    /// <summary>With <c>collapse=</c>: the group this hit stands for (null when it has no other member).</summary>
    public HitGroupDto? Group { get; init; }
}

/// <summary>
/// The group a collapsed hit stands for: <c>kind</c> <c>copies</c> (exact copies and near-duplicates) or <c>versions</c>;
/// <c>others</c> how many other members the caller may open, <c>ids</c> theirs; <c>latestId</c> the newest version of a
/// family (which may be this hit or another).
/// </summary>
public sealed record HitGroupDto(string Kind, int Others, IReadOnlyList<string> Ids, string? LatestId);

public sealed record FacetValueDto(string Value, long Count);

public sealed record FacetsDto(IReadOnlyList<FacetValueDto> Types, IReadOnlyList<FacetValueDto> Months, IReadOnlyList<FacetValueDto> Folders);

/// <summary>The answer to a search (also the CLI's <c>search --json</c> and <c>similar --json</c>).</summary>
public sealed record SearchResponse(
    string Query,
    long Total,
    int Offset,
    int Limit,
    double TookMs,
    IReadOnlyList<SearchHitDto> Hits,
    FacetsDto? Facets)
{
    /// <summary>With <c>collapse=</c>: <c>duplicates</c> or <c>versions</c>; <c>total</c> and paging then count groups.</summary>
    public string? Collapse { get; init; }
}

public sealed record SuggestionDto(string Text, string Source, long Documents);

public sealed record SuggestResponse(string Prefix, IReadOnlyList<SuggestionDto> Suggestions);

public sealed record OcrPageDto(int Page, string Status, double? Confidence, bool Weak, string Operations);

public sealed record OcrDto(double? Confidence, int Recognized, int Weak, int TimedOut, int NotRecognized, IReadOnlyList<OcrPageDto> Pages)
{
    /// <summary>Pictures in which no text was found (status <c>no-text</c>); when every page is one, the confidence is null.</summary>
    public int NoText { get; init; }
}

/// <summary>A document's metadata (also the CLI's <c>show --json</c>).</summary>
public sealed record DocumentDto(
    string Id,
    string Name,
    string Path,
    string? UncPath,
    string Type,
    string? MimeType,
    long Size,
    DateTimeOffset? Modified,
    DateTimeOffset IndexedAt,
    string Status,
    string? FailureReason,
    int? PageCount,
    int TextLength,
    int StoredTextLength,
    bool Truncated,
    string? ExtractionMethod,
    OcrDto? Ocr,
    string? ThumbnailUrl,
    string? PreviewUrl,
    string ContentUrl,
    bool IsImage)
{
    /// <summary>For an archive member or mail attachment: the id of the file holding it (its own document); null otherwise.</summary>
    public string? ParentId { get; init; }

    /// <summary>For a member: the name of the file holding it (<c>2019_見積.zip</c>).</summary>
    public string? ParentName { get; init; }

    /// <summary>For a member: its path inside the file, nested levels joined by " › " (<c>見積/見積書.xls</c>).</summary>
    public string? MemberPath { get; init; }
}

public sealed record DocumentTextResponse(string Id, int Offset, int Length, int TotalLength, string Text, IReadOnlyList<TextRange> Highlights);

public sealed record QueueDto(long Visible, long InFlight, long DeadLettered, double? OldestVisibleAgeSeconds);

public sealed record ThroughputPoint(DateTimeOffset At, long Indexed);

/// <summary>Documents by status, the queue and the index (also the CLI's <c>status --json</c>).</summary>
public sealed record StatusResponse(
    IReadOnlyDictionary<string, long> Documents,
    QueueDto Queue,
    long? IndexDocuments,
    string? IndexProblem,
    IReadOnlyList<ThroughputPoint> Throughput);

public sealed record DeadLetterDto(string MessageId, string Reason, int ReceiveCount, DateTimeOffset SentAt, DateTimeOffset DeadLetteredAt, string? Key, string? Path);

/// <summary>Dead-lettered messages (also the CLI's <c>dlq list --json</c>).</summary>
public sealed record DeadLettersResponse(IReadOnlyList<DeadLetterDto> Items);

public sealed record RedriveRequest(string? MessageId);

public sealed record RedriveResponse(int Redriven);

public sealed record ReindexRequest(bool All);

public sealed record ReindexStateDto(bool Running, bool All, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, long Indexed, long Removed, string? Error);

public sealed record FailureDto(string Id, string Name, string Path, string? Reason, DateTimeOffset At);

public sealed record FailuresResponse(IReadOnlyList<FailureDto> Items);

public sealed record AccessResponse(string Id, IReadOnlyList<string> Principals, bool Allowed, string? Principal, string? Source, string Reason);

public sealed record MeResponse(string User, IReadOnlyList<string> Groups, bool IsAdmin, string Authentication);

public sealed record AntiforgeryResponse(string Token, string HeaderName, string FormFieldName);

/// <summary>The JSON conventions of the API, shared with the CLI's <c>--json</c> output.</summary>
public static class ApiJson
{
    /// <summary>camelCase, enums as strings, Japanese written as is (not \u-escaped).</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });

    /// <summary>Applies the API's conventions to <paramref name="options"/>.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        if (!options.Converters.OfType<JsonStringEnumConverter>().Any())
        {
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        }

        return options;
    }
}
