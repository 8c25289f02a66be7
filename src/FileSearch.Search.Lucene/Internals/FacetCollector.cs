using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>
/// Counts the matching documents by kind, month and folder from doc values, while the hits are collected (wrap with
/// <see cref="MultiCollector"/>). Counts are kept per segment by ordinal (an array increment per document and value)
/// and turned into strings once per segment, so a facet search over 100,000 matches costs a few milliseconds.
/// Documents written before the facet doc values existed (schema 1) have none and are not counted.
/// </summary>
internal sealed class FacetCollector(string? pathPrefix) : ICollector
{
    private readonly Dictionary<string, long> _kinds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _months = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _folders = new(StringComparer.Ordinal);
    private readonly BytesRef _prefix = new(pathPrefix ?? string.Empty);
    private SortedDocValues? _kind;
    private SortedDocValues? _month;
    private SortedSetDocValues? _folder;
    private int[] _kindCounts = [];
    private int[] _monthCounts = [];
    private int[] _folderCounts = [];
    private long _folderFirst;
    private long _folderEnd;

    public bool AcceptsDocsOutOfOrder => true;

    public SearchFacets Facets()
    {
        Flush();
        return new SearchFacets(FacetRules.Ordered(_kinds), FacetRules.Ordered(_months), FacetRules.Ordered(_folders));
    }

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        Flush();
        var reader = context.AtomicReader;
        _kind = reader.GetSortedDocValues(IndexFields.FacetKind);
        _month = reader.GetSortedDocValues(IndexFields.FacetMonth);
        _folder = reader.GetSortedSetDocValues(IndexFields.FacetFolders);
        _kindCounts = _kind is null ? [] : new int[_kind.ValueCount];
        _monthCounts = _month is null ? [] : new int[_month.ValueCount];
        (_folderFirst, _folderEnd) = _folder is null ? (0, 0) : PrefixRange(_folder);
        _folderCounts = new int[_folderEnd - _folderFirst];
    }

    public void Collect(int doc)
    {
        if (_kind is not null)
        {
            var ord = _kind.GetOrd(doc);
            if (ord >= 0)
            {
                _kindCounts[ord]++;
            }
        }

        if (_month is not null)
        {
            var ord = _month.GetOrd(doc);
            if (ord >= 0)
            {
                _monthCounts[ord]++;
            }
        }

        if (_folderCounts.Length > 0)
        {
            _folder!.SetDocument(doc);
            long ord;
            while ((ord = _folder.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            {
                if (ord >= _folderFirst && ord < _folderEnd)
                {
                    _folderCounts[ord - _folderFirst]++;
                }
            }
        }
    }

    /// <summary>The ordinals of the folders that start with the path prefix (contiguous: ordinals follow byte order).</summary>
    private (long First, long End) PrefixRange(SortedSetDocValues values)
    {
        var first = _prefix.Length == 0 ? 0 : values.LookupTerm(_prefix);
        if (first < 0)
        {
            first = -first - 1;
        }

        var end = first;
        var scratch = new BytesRef();
        while (end < values.ValueCount)
        {
            values.LookupOrd(end, scratch);
            if (!StringHelper.StartsWith(scratch, _prefix))
            {
                break;
            }

            end++;
        }

        return (first, end);
    }

    /// <summary>Adds the counts of the segment just collected to the totals by value.</summary>
    private void Flush()
    {
        var scratch = new BytesRef();
        AddCounts(_kindCounts, _kinds, ord => { _kind!.LookupOrd(ord, scratch); return scratch.Utf8ToString(); });
        AddCounts(_monthCounts, _months, ord => { _month!.LookupOrd(ord, scratch); return scratch.Utf8ToString(); });
        AddCounts(_folderCounts, _folders, ord =>
        {
            _folder!.LookupOrd(_folderFirst + ord, scratch);
            var folder = scratch.Utf8ToString();
            return FacetRules.IsFolderBelow(pathPrefix, folder) ? folder : null;
        });
        _kindCounts = _monthCounts = _folderCounts = [];
    }

    private static void AddCounts(int[] counts, Dictionary<string, long> totals, Func<int, string?> value)
    {
        for (var ord = 0; ord < counts.Length; ord++)
        {
            if (counts[ord] > 0 && value(ord) is { } key)
            {
                totals[key] = totals.GetValueOrDefault(key) + counts[ord];
            }
        }
    }
}
