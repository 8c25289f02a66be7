using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>The non-scoring restrictions and the order of a <see cref="SearchQuery"/>.</summary>
internal static class QueryFilters
{
    /// <summary>Wraps <paramref name="query"/> with the request's filters (type, path prefix, date and size ranges).</summary>
    public static Query Apply(Query query, SearchQuery request)
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

        if (request.Visibility is { } visibility)
        {
            AddVisibility(constraints, visibility);
        }

        return constraints.Clauses.Count == 0 ? query : new FilteredQuery(query, new QueryWrapperFilter(constraints));
    }

    /// <summary>The documents <paramref name="visibility"/>'s principals may read: one of them allowed, none denied.</summary>
    public static Query Visible(Visibility visibility)
    {
        var constraints = new BooleanQuery();
        AddVisibility(constraints, visibility);
        return constraints;
    }

    private static void AddVisibility(BooleanQuery constraints, Visibility visibility)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        var allowed = new BooleanQuery();
        foreach (var principal in visibility.Principals)
        {
            allowed.Add(new TermQuery(new Term(IndexFields.AclAllow, principal)), Occur.SHOULD);
            constraints.Add(new TermQuery(new Term(IndexFields.AclDeny, principal)), Occur.MUST_NOT);
        }

        // No principal at all matches nothing (an empty SHOULD-only query would).
        constraints.Add(visibility.Principals.Count == 0 ? new BooleanQuery { { new MatchAllDocsQuery(), Occur.MUST_NOT } } : allowed, Occur.MUST);
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
