using FileSearch.Core.Ports;

namespace FileSearch.Core.Domain;

/// <summary>Turns marked ranges of a text into <see cref="SnippetPart"/>s that, concatenated, are exactly the text.</summary>
public static class HighlightParts
{
    /// <summary>
    /// Splits <paramref name="text"/> at the marks (start inclusive, end exclusive, in any order; overlapping or touching
    /// marks join, ranges outside the text are clipped).
    /// </summary>
    public static IReadOnlyList<SnippetPart> Split(string text, IEnumerable<(int Start, int End)> marks)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(marks);
        var sorted = marks.Select(m => (Start: Math.Clamp(m.Start, 0, text.Length), End: Math.Clamp(m.End, 0, text.Length)))
            .Where(m => m.End > m.Start)
            .OrderBy(m => m.Start)
            .ToList();
        var parts = new List<SnippetPart>(sorted.Count * 2 + 1);
        var position = 0;
        var i = 0;
        while (i < sorted.Count)
        {
            var start = Math.Max(sorted[i].Start, position);
            var end = sorted[i].End;
            for (i++; i < sorted.Count && sorted[i].Start <= end; i++)
            {
                end = Math.Max(end, sorted[i].End);
            }

            if (end <= start)
            {
                continue;
            }

            if (start > position)
            {
                parts.Add(new SnippetPart(text[position..start], false));
            }

            parts.Add(new SnippetPart(text[start..end], true));
            position = end;
        }

        if (position < text.Length)
        {
            parts.Add(new SnippetPart(text[position..], false));
        }

        return parts;
    }
}
