using System.Globalization;
using System.Text;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>
/// A text in NFKC (as the index analyses it) with the way back to the original's offsets: each normalised character
/// knows the original cluster it came from (a character with its combining marks: ｶﾞ is one cluster, ガ). Built in one
/// pass, each cluster normalised on its own, so a text of megabytes costs linear time.
/// </summary>
internal sealed class NormalizedText
{
    private readonly List<int> _originalStart;
    private readonly List<int> _originalEnd;

    private NormalizedText(string text, List<int> originalStart, List<int> originalEnd)
    {
        Text = text;
        _originalStart = originalStart;
        _originalEnd = originalEnd;
    }

    /// <summary>The normalised text.</summary>
    public string Text { get; }

    public static NormalizedText Create(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        var text = new StringBuilder(original.Length);
        var starts = new List<int>(original.Length);
        var ends = new List<int>(original.Length);
        var i = 0;
        while (i < original.Length)
        {
            var end = ClusterEnd(original, i);
            if (end == i + 1 && IsStable(original[i]))
            {
                text.Append(original[i]);
                starts.Add(i);
                ends.Add(end);
            }
            else
            {
                var normalized = Nfkc.Normalize(original.Substring(i, end - i));
                text.Append(normalized);
                for (var k = 0; k < normalized.Length; k++)
                {
                    starts.Add(i);
                    ends.Add(end);
                }
            }

            i = end;
        }

        return new NormalizedText(text.ToString(), starts, ends);
    }

    /// <summary>The original range that a range of the normalised text (end exclusive, not empty) came from.</summary>
    public MatchSpan ToOriginal(MatchSpan span) =>
        new(_originalStart[span.Start], _originalEnd[Math.Max(span.Start, span.End - 1)]);

    /// <summary>Characters NFKC leaves as they are whatever follows (a following combining mark joins the cluster anyway).</summary>
    private static bool IsStable(char c) =>
        c < '\u0080' || c is (>= '\u3041' and <= '\u3096') or (>= '\u30A1' and <= '\u30FA') or (>= '\u4E00' and <= '\u9FFF');

    private static int ClusterEnd(string text, int start)
    {
        var end = start + Width(text, start);
        while (end < text.Length && IsNonStarter(text, end))
        {
            end += Width(text, end);
        }

        return end;
    }

    private static int Width(string text, int index) =>
        char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;

    /// <summary>Combining marks, and the half-width (semi-)voiced sound marks that NFKC joins to the katakana before them.</summary>
    private static bool IsNonStarter(string text, int index) =>
        text[index] is '\uFF9E' or '\uFF9F'
        || CharUnicodeInfo.GetUnicodeCategory(text, index) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.EnclosingMark;
}
