using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>The non-scoring restrictions and the order of a <see cref="SearchQuery"/>.</summary>
internal static class QueryFilters
{
    /// <summary>
    /// Wraps <paramref name="query"/> with the request's filters (type, path prefix, date and size ranges) and the caller's
    /// visibility (from <paramref name="visibility"/>, which caches it per caller, or built for this request).
    /// </summary>
    public static Query Apply(Query query, SearchQuery request, VisibilityFilterCache? visibility = null)
    {
        var constraints = new BooleanQuery();
        if (!string.IsNullOrWhiteSpace(request.Kind))
        {
            var trimmed = request.Kind.Trim();
            var known = FileKinds.FromExtension(trimmed);
            var shortName = known == FileKind.Unknown ? trimmed.ToLowerInvariant() : known.ShortName();
            constraints.Add(new TermQuery(new Term(IndexFields.Kind, shortName)), Occur.MUST);
        }

        if (!string.IsNullOrEmpty(request.PathPrefix))
        {
            constraints.Add(new PrefixQuery(new Term(IndexFields.PathExact, request.PathPrefix)), Occur.MUST);
        }

        if (request.ModifiedFrom is not null || request.ModifiedTo is not null)
        {
            constraints.Add(
                NumericRangeQuery.NewInt64Range(IndexFields.Modified, request.ModifiedFrom?.UtcTicks, request.ModifiedTo?.UtcTicks, true, true),
                Occur.MUST);
        }

        if (request.MinSize is not null || request.MaxSize is not null)
        {
            constraints.Add(NumericRangeQuery.NewInt64Range(IndexFields.Size, request.MinSize, request.MaxSize, true, true), Occur.MUST);
        }

        var filtered = constraints.Clauses.Count == 0 ? query : new FilteredQuery(query, new QueryWrapperFilter(constraints));
        return request.Visibility is { } caller
            ? new FilteredQuery(filtered, visibility?.For(caller) ?? new VisibilityFilter(caller))
            : filtered;
    }

    /// <summary>The Lucene sort for the request, or null for relevance.</summary>
    public static Sort? SortOf(SearchQuery request) => request.Sort switch
    {
        SearchSort.Newest => ByModified(reverse: true, missing: long.MinValue),
        SearchSort.Oldest => ByModified(reverse: false, missing: long.MaxValue),
        _ => null,
    };

    private static Sort ByModified(bool reverse, long missing)
    {
        var field = new SortField(IndexFields.Modified, SortFieldType.INT64, reverse);
        field.SetMissingValue(J2N.Numerics.Int64.GetInstance(missing));
        return new Sort(field, SortField.FIELD_SCORE);
    }
}
