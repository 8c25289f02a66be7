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
        _kind.Start(segment.Kind, reader.GetSortedDocValues(IndexFields.FacetKind), null);
        _month.Start(segment.Month, reader.GetSortedDocValues(IndexFields.FacetMonth), null);
        _folder.Start(segment.Folder, reader.GetSortedDocValues(IndexFields.FacetFolder), _prefix);
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
        private FacetOrdinals.Field _field = FacetOrdinals.Field.None;
        private SortedDocValues? _values;
        private int[] _counts = [];
        private int _first;

        /// <param name="field">The segment's cached ordinals.</param>
        /// <param name="values">The segment's doc values as this thread reads them (Lucene hands each thread its own).</param>
        /// <param name="prefix">Only values starting with this are counted.</param>
        public void Start(FacetOrdinals.Field field, SortedDocValues? values, BytesRef? prefix)
        {
            _field = field;
            _values = values;
            if (values is null || field.Ords.Length == 0)
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
            _counts = new int[Math.Max(0, end - first)];
        }

        public void Collect(int doc)
        {
            if (_counts.Length == 0)
            {
                return;
            }

            var slot = _field.Ords[doc] - _first;
            if ((uint)slot < (uint)_counts.Length)
            {
                _counts[slot]++;
            }
        }

        public void Flush(Dictionary<string, long> totals, Func<string, string?> key)
        {
            for (var i = 0; i < _counts.Length; i++)
            {
                if (_counts[i] == 0)
                {
                    continue;
                }

                if (key(_field.Name(_first + i, _values!)) is { } value)
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
        Read(reader, IndexFields.FacetKind), Read(reader, IndexFields.FacetMonth), Read(reader, IndexFields.FacetFolder));

    private static Field Read(AtomicReader reader, string name)
    {
        var values = reader.GetSortedDocValues(name);
        if (values is null)
        {
            return Field.None;
        }

        var ords = new int[reader.MaxDoc];
        for (var doc = 0; doc < ords.Length; doc++)
        {
            ords[doc] = values.GetOrd(doc);
        }

        return new Field(ords, new string?[values.ValueCount]);
    }

    /// <summary>One segment's facets (<see cref="Field.None"/> for a field the segment does not have).</summary>
    internal sealed record Segment(Field Kind, Field Month, Field Folder);

    /// <summary>A field's doc values in one segment: the ordinal of each document, and the values decoded when first asked for.</summary>
    internal sealed class Field(int[] ords, string?[] names)
    {
        public static Field None { get; } = new([], []);

        public int[] Ords => ords;

        /// <summary>The value of an ordinal, decoded once with the caller's doc values (a race may decode it twice, harmlessly).</summary>
        public string Name(int ord, SortedDocValues values)
        {
            if (names[ord] is { } name)
            {
                return name;
            }

            var scratch = new BytesRef();
            values.LookupOrd(ord, scratch);
            return names[ord] = scratch.Utf8ToString();
        }
    }
}
