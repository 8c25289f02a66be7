using FileSearch.Core.Ports;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>
/// A small highlighter (the Lucene highlighter package is not available): re-analyses the stored text
/// with offsets, marks tokens whose terms the query asks for, merges touching marks (bigrams of one
/// word become one match), and picks the window with the most distinct matches.
/// </summary>
internal sealed class SnippetBuilder(Analyzer indexAnalyzer, int maxChars, int maxAnalyzedChars)
{
    /// <summary>Bounds the work on a text where the query word occurs everywhere.</summary>
    private const int MaxMatches = 5000;

    /// <summary>Bounds the terms of the index one prefix (<c>契*</c>) is expanded to for marking.</summary>
    private const int MaxPrefixTerms = 1024;

    /// <summary>How far back from the window start a word boundary is looked for.</summary>
    private const int BoundarySearch = 20;

    public IReadOnlyList<SnippetPart> Build(string text, QueryTerms terms) => Build(text, [(IndexFields.Text, terms)]);

    /// <summary>Builds a snippet marking the terms each field's analysis finds (main field and recall field).</summary>
    public IReadOnlyList<SnippetPart> Build(string text, IReadOnlyList<(string Field, QueryTerms Terms)> fields)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var found = new List<MatchSpan>();
        foreach (var (field, terms) in fields)
        {
            if (!terms.IsEmpty)
            {
                found.AddRange(FindMatches(text, terms, field));
            }
        }

        return Snippet(text, Merge(found));
    }

    /// <summary>The best window of <paramref name="text"/> around the merged <paramref name="matches"/> (the start when none).</summary>
    private IReadOnlyList<SnippetPart> Snippet(string text, List<MatchSpan> matches)
    {
        if (matches.Count == 0)
        {
            return [new SnippetPart(Clean(text[..SafeEnd(text, Math.Min(text.Length, maxChars))]), false)];
        }

        var (start, end) = ChooseWindow(text, matches);
        return Slice(text, matches, start, end);
    }

    /// <summary>
    /// Builds the snippet of document <paramref name="docId"/> of <paramref name="reader"/> from the offsets its postings
    /// keep for the query's terms, without analysing <paramref name="text"/> again; null when a field of the document's
    /// segment has no offsets (written with an older schema) or the query has wildcard patterns: then use
    /// <see cref="Build(string, IReadOnlyList{ValueTuple{string, QueryTerms}})"/>.
    /// </summary>
    public IReadOnlyList<SnippetPart>? BuildFromPostings(IndexReader reader, int docId, string text, IReadOnlyList<(string Field, QueryTerms Terms)> fields)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var leaves = reader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(docId, leaves)];
        var local = docId - leaf.DocBase;
        var found = new List<MatchSpan>();
        DocsAndPositionsEnum? postings = null;
        foreach (var (field, terms) in fields)
        {
            if (terms.IsEmpty)
            {
                continue;
            }

            var indexed = leaf.AtomicReader.GetTerms(field);
            if (terms.HasPatterns || (indexed is not null && !indexed.HasOffsets))
            {
                return null;
            }

            if (indexed is null)
            {
                continue;
            }

            var enumerator = indexed.GetEnumerator();
            foreach (var term in terms.Exact)
            {
                if (enumerator.SeekExact(new BytesRef(term)))
                {
                    postings = AddOffsets(enumerator, local, text.Length, found, postings);
                }
            }

            foreach (var prefix in terms.Prefixes)
            {
                var start = new BytesRef(prefix);
                if (enumerator.SeekCeil(start) == TermsEnum.SeekStatus.END)
                {
                    continue;
                }

                var seen = 0;
                do
                {
                    if (!StringHelper.StartsWith(enumerator.Term, start))
                    {
                        break;
                    }

                    postings = AddOffsets(enumerator, local, text.Length, found, postings);
                }
                while (++seen < MaxPrefixTerms && found.Count < MaxMatches && enumerator.MoveNext());
            }
        }

        return Snippet(text, Merge(found));
    }

    /// <summary>Adds the offsets of the current term in <paramref name="doc"/>, if the term occurs there.</summary>
    private static DocsAndPositionsEnum? AddOffsets(TermsEnum terms, int doc, int textLength, List<MatchSpan> found, DocsAndPositionsEnum? reuse)
    {
        var postings = terms.DocsAndPositions(null, reuse, DocsAndPositionsFlags.OFFSETS);
        if (postings is null || postings.Advance(doc) != doc)
        {
            return postings;
        }

        for (var i = postings.Freq; i > 0 && found.Count < MaxMatches; i--)
        {
            postings.NextPosition();
            if (postings.StartOffset >= 0 && postings.EndOffset <= textLength && postings.StartOffset < postings.EndOffset)
            {
                found.Add(new MatchSpan(postings.StartOffset, postings.EndOffset));
            }
        }

        return postings;
    }

    internal List<MatchSpan> FindMatches(string text, QueryTerms terms, string field = IndexFields.Text)
    {
        var analyzed = text.Length > maxAnalyzedChars ? text[..SafeEnd(text, maxAnalyzedChars)] : text;
        return Merge(Matches(analyzed, terms, field, MaxMatches));
    }

    /// <summary>Every token of <paramref name="text"/> (analysed as <paramref name="field"/>) whose term the query asks for, in order.</summary>
    internal List<MatchSpan> Matches(string text, QueryTerms terms, string field, int maxMatches = int.MaxValue)
    {
        var found = new List<MatchSpan>();
        using var stream = indexAnalyzer.GetTokenStream(field, new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (found.Count < maxMatches && stream.IncrementToken())
        {
            if (terms.Matches(term.ToString()))
            {
                found.Add(new MatchSpan(offset.StartOffset, offset.EndOffset));
            }
        }

        stream.End();
        return found;
    }

    /// <summary>Sorts marks and joins overlapping or touching ones (営業 + 業報 + 報告 = 営業報告).</summary>
    internal static List<MatchSpan> Merge(List<MatchSpan> spans)
    {
        spans.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        var merged = new List<MatchSpan>(spans.Count);
        foreach (var span in spans)
        {
            if (merged.Count > 0 && span.Start <= merged[^1].End)
            {
                var last = merged[^1];
                merged[^1] = last with { End = Math.Max(last.End, span.End) };
            }
            else
            {
                merged.Add(span);
            }
        }

        return merged;
    }

    private (int Start, int End) ChooseWindow(string text, List<MatchSpan> matches)
    {
        int bestFirst = 0, bestLast = 0, bestScore = -1;
        var distinct = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var last = 0;
        for (var first = 0; first < matches.Count; first++)
        {
            last = Math.Max(last, first);
            while (last + 1 < matches.Count && matches[last + 1].End - matches[first].Start <= maxChars)
            {
                last++;
            }

            distinct.Clear();
            for (var i = first; i <= last; i++)
            {
                distinct.Add(text[matches[i].Start..matches[i].End]);
            }

            if (distinct.Count > bestScore)
            {
                (bestFirst, bestLast, bestScore) = (first, last, distinct.Count);
            }
        }

        var from = matches[bestFirst].Start;
        var to = Math.Min(matches[bestLast].End, from + maxChars);
        var lead = Math.Min(from, (maxChars - (to - from)) / 2);
        var start = from - lead;
        var end = Math.Min(text.Length, start + maxChars);
        start = Math.Max(0, Math.Min(start, end - maxChars));
        start = SnapToWordStart(text, start, from);
        return (SafeStart(text, start), SafeEnd(text, end));
    }

    private static int SnapToWordStart(string text, int start, int firstMatch)
    {
        if (start == 0)
        {
            return 0;
        }

        var limit = Math.Min(firstMatch, start + BoundarySearch);
        for (var i = start; i < limit; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return i + 1;
            }
        }

        return start;
    }

    private static List<SnippetPart> Slice(string text, List<MatchSpan> matches, int start, int end)
    {
        var parts = new List<SnippetPart>();
        var position = start;
        foreach (var match in matches)
        {
            if (match.End <= position)
            {
                continue;
            }

            if (match.Start >= end)
            {
                break;
            }

            var matchStart = Math.Max(match.Start, position);
            if (matchStart > position)
            {
                parts.Add(new SnippetPart(Clean(text[position..matchStart]), false));
            }

            var matchEnd = Math.Min(match.End, end);
            parts.Add(new SnippetPart(text[matchStart..matchEnd], true));
            position = matchEnd;
        }

        if (position < end)
        {
            parts.Add(new SnippetPart(Clean(text[position..end]), false));
        }

        return parts;
    }

    private static string Clean(string text) =>
        text.AsSpan().IndexOfAny('\n', '\r', '\t') < 0 ? text : text.Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ');

    private static int SafeStart(string text, int index) =>
        index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) ? index + 1 : index;

    private static int SafeEnd(string text, int index) =>
        index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) ? index - 1 : index;
}

/// <summary>A marked range of the text, end exclusive.</summary>
internal readonly record struct MatchSpan(int Start, int End);
