using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>
/// Counts the matching documents by kind, month and folder from sorted doc values, while the hits are collected (wrap
/// with <see cref="MultiCollector"/>): per segment one array increment per document and facet, by ordinal; ordinals become
/// strings once per segment (a folder ordinal is mapped to the folder below the path prefix then). Documents written
/// before the facet doc values existed (schema 1) have none and are not counted.
/// </summary>
internal sealed class FacetCollector(string? pathPrefix, FacetOrdinals ordinals) : ICollector
{
    private readonly Dictionary<string, long> _kinds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _months = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _folders = new(StringComparer.Ordinal);
    private readonly BytesRef _prefix = new(pathPrefix ?? string.Empty);
    private readonly Facet _kind = new();
    private readonly Facet _month = new();
    private readonly Facet _folder = new();

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
        var segment = ordinals.Of(reader);
        _kind.Start(reader.GetSortedDocValues(IndexFields.FacetKind), segment.Kind, null);
        _month.Start(reader.GetSortedDocValues(IndexFields.FacetMonth), segment.Month, null);
        _folder.Start(reader.GetSortedDocValues(IndexFields.FacetFolder), segment.Folder, _prefix);
    }

    public void Collect(int doc)
    {
        _kind.Collect(doc);
        _month.Collect(doc);
        _folder.Collect(doc);
    }

    /// <summary>Adds the counts of the segment just collected to the totals by value.</summary>
    private void Flush()
    {
        _kind.Flush(_kinds, static value => value);
        _month.Flush(_months, static value => value);
        _folder.Flush(_folders, folder => FacetRules.FolderBelowFolder(pathPrefix, folder));
    }

    /// <summary>One facet's doc values and counts in the current segment, restricted to an ordinal range.</summary>
    private sealed class Facet
    {
        private SortedDocValues? _values;
        private int[] _ords = [];
        private int[] _counts = [];
        private int _first;

        public void Start(SortedDocValues? values, int[] ords, BytesRef? prefix)
        {
            _values = values;
            _ords = ords;
            if (values is null)
            {
                _counts = [];
                return;
            }

            // Ordinals follow byte order: the values starting with the prefix are one range, found by two binary searches.
            var (first, end) = (0, values.ValueCount);
            if (prefix is { Length: > 0 })
            {
                first = Insertion(values.LookupTerm(prefix));
                var upper = BytesRef.DeepCopyOf(prefix);
                upper.Grow(prefix.Length + 1);
                upper.Bytes[upper.Length++] = 0xFF; // never in UTF-8: above every value that starts with the prefix
                end = Insertion(values.LookupTerm(upper));
            }

            _first = first;
            _counts = new int[end - first];
        }

        public void Collect(int doc)
        {
            if (_counts.Length == 0)
            {
                return;
            }

            var slot = _ords[doc] - _first;
            if ((uint)slot < (uint)_counts.Length)
            {
                _counts[slot]++;
            }
        }

        public void Flush(Dictionary<string, long> totals, Func<string, string?> key)
        {
            var scratch = new BytesRef();
            for (var i = 0; i < _counts.Length; i++)
            {
                if (_counts[i] == 0)
                {
                    continue;
                }

                _values!.LookupOrd(_first + i, scratch);
                if (key(scratch.Utf8ToString()) is { } value)
                {
                    totals[value] = totals.GetValueOrDefault(value) + _counts[i];
                }
            }

            _counts = [];
        }

        private static int Insertion(int found) => found >= 0 ? found : -found - 1;
    }
}

/// <summary>
/// The facet ordinals of each segment by document, read once from the doc values and kept in memory (12 bytes a
/// document) for as long as the segment lives: reading doc values through Lucene.NET's directory per document costs
/// several hundred nanoseconds, an array read does not. Per index instance, weakly keyed by the segment's core.
/// </summary>
internal sealed class FacetOrdinals
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, Segment> _segments = [];

    public Segment Of(AtomicReader reader) => _segments.GetValue(reader.CoreCacheKey, _ => Load(reader));

    private static Segment Load(AtomicReader reader) => new(
        Ords(reader, IndexFields.FacetKind), Ords(reader, IndexFields.FacetMonth), Ords(reader, IndexFields.FacetFolder));

    private static int[] Ords(AtomicReader reader, string field)
    {
        var values = reader.GetSortedDocValues(field);
        if (values is null)
        {
            return [];
        }

        var ords = new int[reader.MaxDoc];
        for (var doc = 0; doc < ords.Length; doc++)
        {
            ords[doc] = values.GetOrd(doc);
        }

        return ords;
    }

    /// <summary>One segment's ordinals (empty arrays for a field the segment does not have).</summary>
    internal sealed record Segment(int[] Kind, int[] Month, int[] Folder);
}
