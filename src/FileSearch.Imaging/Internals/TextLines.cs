namespace FileSearch.Imaging.Internals;

/// <summary>A character-sized mark: the bounding box of a connected component.</summary>
internal readonly record struct Mark(int X, int Y, int Width, int Height, bool Dark);

/// <summary>The box of a text line in the searched image's pixels, and the height of its characters (across the line).</summary>
internal readonly record struct LineBox(int X, int Y, int Width, int Height, int TextHeight);

/// <summary>
/// Finds lines of text among marks: each mark is linked to its nearest neighbour further along the line direction that
/// overlaps it across the line, is of a similar size and is not further away than its size; the links form paths (one
/// successor per mark, so a path stays one line thick even in a dense texture). A path of enough marks whose centres
/// stay on one line and whose sizes agree is a text line.
/// </summary>
internal static class TextLines
{
    private const double MaxGap = 1.2;
    private const double MinOverlap = 0.6;
    private const double MaxSizeRatio = 2.2;
    private const double MaxCentreSpread = 0.18;
    private const double MaxSizeSpread = 0.35;
    private const double MinExtent = 2.5;
    private const int ShortLineMarks = 3;
    private const double ShortLineBackground = 16;

    /// <summary>
    /// The lines of at least <paramref name="minMarks"/> marks running <paramref name="horizontal"/>ly (or vertically)
    /// whose box <paramref name="background"/> (x, y, width, height; the lowest value wins) scores; returns the count of
    /// lines it scores at most <paramref name="maxBackground"/> and the lowest score seen, and adds the boxes of those
    /// lines to <paramref name="found"/>.
    /// </summary>
    public static (int Lines, double Plainest) Find(List<Mark> marks, int minMarks, bool horizontal, Func<int, int, int, int, double> background,
        double maxBackground, List<LineBox> found)
    {
        // Along = the reading direction, across = the line height.
        var items = marks.Select(m => horizontal ? new Span1(m.X, m.Width, m.Y, m.Height, m.Dark) : new Span1(m.Y, m.Height, m.X, m.Width, m.Dark))
            .OrderBy(s => s.Along).ToArray();
        var next = new int[items.Length];
        var hasPrevious = new bool[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            next[i] = -1;
            var a = items[i];
            var best = double.MaxValue;
            var limit = a.AlongEnd + (MaxGap * 2 * a.Across);
            for (var j = i + 1; j < items.Length && items[j].Along <= limit; j++)
            {
                var b = items[j];
                var gap = b.Along - a.AlongEnd;
                var size = Math.Max(a.Across, b.Across);
                var overlap = Math.Min(a.AcrossEnd, b.AcrossEnd) - Math.Max(a.Cross, b.Cross);
                // A part inside a's extent (the inner strokes of a character) is not the next character.
                if (b.Dark != a.Dark || b.AlongEnd <= a.AlongEnd || gap > MaxGap * size || overlap < MinOverlap * Math.Min(a.Across, b.Across)
                    || size > MaxSizeRatio * Math.Min(a.Across, b.Across) || gap >= best)
                {
                    continue;
                }

                best = gap;
                next[i] = j;
            }

            if (next[i] >= 0)
            {
                hasPrevious[next[i]] = true;
            }
        }

        var lines = 0;
        var plainest = double.MaxValue;
        var path = new List<Span1>();
        for (var start = 0; start < items.Length; start++)
        {
            if (hasPrevious[start] || next[start] < 0)
            {
                continue;
            }

            path.Clear();
            for (var k = start; k >= 0 && path.Count < 10_000; k = next[k])
            {
                path.Add(items[k]);
            }

            if (path.Count < ShortLineMarks || Inliers(path) is not { Count: var n } line || n < ShortLineMarks
                || !IsLine(line))
            {
                continue;
            }

            // A line that runs into the picture beside a sign is cut back from its ends while that makes it plainer.
            var score = Background(line, horizontal, background);
            while (score > maxBackground && line.Count > ShortLineMarks)
            {
                var withoutFirst = Background(line[1..], horizontal, background);
                var withoutLast = Background(line[..^1], horizontal, background);
                line = withoutFirst <= withoutLast ? line[1..] : line[..^1];
                score = Math.Min(withoutFirst, withoutLast);
            }

            // A short line (a sign of three characters) must be squarish marks of one size on a plain panel.
            plainest = Math.Min(plainest, score);
            var isShort = line.Count < minMarks;
            if ((!isShort || IsShortLine(line)) && score <= (isShort ? ShortLineBackground : maxBackground))
            {
                lines++;
                found.Add(Box(line, horizontal));
            }
        }

        return (lines, plainest);
    }

    /// <summary>
    /// The marks of a path near its median size and centre line: a path may run in from a panel's edge or a picture
    /// next to the text, which must not hide the line.
    /// </summary>
    private static List<Span1> Inliers(List<Span1> path)
    {
        var median = path.Select(s => (double)s.Across).Order().ElementAt(path.Count / 2);
        var centre = path.Select(s => s.Cross + (s.Across / 2.0)).Order().ElementAt(path.Count / 2);
        return [.. path.Where(s => s.Across >= 0.55 * median && s.Across <= 1.8 * median
            && Math.Abs(s.Cross + (s.Across / 2.0) - centre) <= 0.3 * median)];
    }

    private static double Background(List<Span1> line, bool horizontal, Func<int, int, int, int, double> background)
    {
        var (along0, along1) = (line[0].Along, line[^1].AlongEnd);
        var (cross0, cross1) = (line.Min(s => s.Cross), line.Max(s => s.AcrossEnd));
        return horizontal
            ? background(along0, cross0, along1 - along0, cross1 - cross0)
            : background(cross0, along0, cross1 - cross0, along1 - along0);
    }

    private static LineBox Box(List<Span1> line, bool horizontal)
    {
        var (along0, along1) = (line[0].Along, line[^1].AlongEnd);
        var (cross0, cross1) = (line.Min(s => s.Cross), line.Max(s => s.AcrossEnd));
        return horizontal
            ? new LineBox(along0, cross0, along1 - along0, cross1 - cross0, cross1 - cross0)
            : new LineBox(cross0, along0, cross1 - cross0, along1 - along0, cross1 - cross0);
    }

    private static bool IsShortLine(List<Span1> line) =>
        line.All(s => s.AlongSize >= 0.7 * s.Across && s.AlongSize <= 1.4 * s.Across)
        && line.Max(s => s.Across) <= 1.2 * line.Min(s => s.Across);

    private static bool IsLine(List<Span1> path)
    {
        var sizes = path.Select(s => (double)s.Across).Order().ToArray();
        var median = sizes[sizes.Length / 2];
        var centres = path.Select(s => s.Cross + (s.Across / 2.0)).ToArray();
        var extent = path[^1].AlongEnd - path[0].Along;
        return extent >= MinExtent * median
            && Spread(centres) <= MaxCentreSpread * median
            && Spread(sizes) <= MaxSizeSpread * sizes.Average();
    }

    private static double Spread(IReadOnlyCollection<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }

    /// <summary>A mark in line coordinates.</summary>
    private readonly record struct Span1(int Along, int AlongSize, int Cross, int Across, bool Dark)
    {
        public int AlongEnd => Along + AlongSize;

        public int AcrossEnd => Cross + Across;
    }
}
