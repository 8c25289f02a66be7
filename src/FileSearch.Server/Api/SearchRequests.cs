using System.Globalization;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using Microsoft.AspNetCore.Http;

namespace FileSearch.Server.Api;

/// <summary>Reads and validates the query string of search requests; every problem is reported per field.</summary>
public static class SearchRequests
{
    public const int DefaultLimit = 20;

    /// <summary>Largest offset + limit (as the index's result window).</summary>
    public const int MaxWindow = 10_000;

    /// <summary>The search a query string asks for, or the field errors that make it invalid.</summary>
    public static SearchQuery? Parse(IQueryCollection query, ServerOptions options, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        var text = query["q"].ToString();
        if (text.Length > options.MaxQueryLength)
        {
            errors["q"] = [$"The query is longer than {options.MaxQueryLength} characters."];
        }

        string? kind = null;
        if (query["type"].ToString() is { Length: > 0 } type)
        {
            kind = type.Trim().TrimStart('.').ToLowerInvariant();
            if (FileKinds.FromExtension(kind) == FileKind.Unknown)
            {
                errors["type"] = [$"Unknown file type '{Clip(type)}'."];
            }
        }

        var limit = Int(query, "limit", DefaultLimit, 0, options.MaxPageSize, errors);
        var offset = Int(query, "offset", 0, 0, MaxWindow, errors);
        if (!errors.ContainsKey("limit") && !errors.ContainsKey("offset") && offset + limit > MaxWindow)
        {
            errors["offset"] = [$"offset + limit must be at most {MaxWindow}."];
        }

        var from = Date(query, "from", endOfDay: false, errors);
        var to = Date(query, "to", endOfDay: true, errors);
        if (from is not null && to is not null && from > to)
        {
            errors["to"] = ["'to' is before 'from'."];
        }

        var minSize = Long(query, "minSize", errors);
        var maxSize = Long(query, "maxSize", errors);
        if (minSize is not null && maxSize is not null && minSize > maxSize)
        {
            errors["maxSize"] = ["'maxSize' is smaller than 'minSize'."];
        }

        var sort = SearchSort.Relevance;
        if (query["sort"].ToString() is { Length: > 0 } sortText && !Enum.TryParse(sortText, ignoreCase: true, out sort))
        {
            errors["sort"] = ["Sort by relevance, newest or oldest."];
        }

        var path = query["path"].ToString();
        if (path.Length > 4_096)
        {
            errors["path"] = ["The path filter is longer than 4096 characters."];
        }

        var facets = true;
        if (query["facets"].ToString() is { Length: > 0 } facetText && !bool.TryParse(facetText, out facets))
        {
            errors["facets"] = ["Use true or false."];
        }

        return errors.Count > 0 ? null : new SearchQuery(text.Trim(), kind, limit, offset)
        {
            PathPrefix = path.Length > 0 ? path : null,
            ModifiedFrom = from,
            ModifiedTo = to,
            MinSize = minSize,
            MaxSize = maxSize,
            Sort = sort,
            IncludeFacets = facets,
        };
    }

    /// <summary><c>collapse</c>: absent or <c>none</c>, <c>duplicates</c>, <c>versions</c>.</summary>
    public static CollapseMode Collapse(IQueryCollection query, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(errors);
        switch (query["collapse"].ToString())
        {
            case "" or "none":
                return CollapseMode.None;
            case "duplicates":
                return CollapseMode.Duplicates;
            case "versions":
                return CollapseMode.Versions;
            case var other:
                errors["collapse"] = [$"'collapse' is none, duplicates or versions, not '{Clip(other)}'."];
                return CollapseMode.None;
        }
    }

    /// <summary>An integer parameter within bounds; the default when absent.</summary>
    public static int Int(IQueryCollection query, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(errors);
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors[name] = [$"'{name}' must be a whole number from {min} to {max}."];
            return fallback;
        }

        return value;
    }

    private static long? Long(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            errors[name] = [$"'{name}' must be a number of bytes (0 or more)."];
            return null;
        }

        return value;
    }

    /// <summary>A date (<c>yyyy-MM-dd</c>, UTC day) or a date-time with offset.</summary>
    private static DateTimeOffset? Date(IQueryCollection query, string name, bool endOfDay, Dictionary<string, string[]> errors)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? start.AddDays(1).AddTicks(-1) : start;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
        {
            return moment;
        }

        errors[name] = [$"'{name}' must be a date (yyyy-MM-dd) or an ISO 8601 date and time."];
        return null;
    }

    private static string Clip(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
