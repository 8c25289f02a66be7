using System.Globalization;
using FileSearch.Imaging.Internals;

namespace FileSearch.Imaging;

/// <summary>What <see cref="TextPresenceDetector"/> found on a page.</summary>
/// <param name="HasText">Whether there is evidence of text: at least one line of aligned, character-sized marks.</param>
/// <param name="Lines">Text-like lines found (horizontal and vertical, dark and light text).</param>
/// <param name="Marks">Character-sized marks (connected components) that went into the line search.</param>
/// <param name="Scale">The integer factor the page was reduced by before the search.</param>
/// <param name="PlainestBackground">
/// The least background spread (gray levels between the 10th and 90th percentile of the pixels around the marks) of a
/// line-shaped row of marks; text sits on paper, a panel or a screen, a row of leaves on more leaves. -1 when no row was found.
/// </param>
public sealed record TextPresence(bool HasText, int Lines, int Marks, int Scale, double PlainestBackground)
{
    /// <summary>The boxes of the text lines found, in the page's pixels (scaled back from the reduced copy).</summary>
    public IReadOnlyList<TextLineBox> LineBoxes { get; init; } = [];

    /// <summary>For logs and tests: <c>no-text(marks 812, lines 0, background 71)</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(HasText ? "text" : "no-text")}(marks {Marks}, lines {Lines}, background {PlainestBackground:0})");
}

/// <summary>A text line <see cref="TextPresenceDetector"/> found, in page pixels.</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width.</param>
/// <param name="Height">Height.</param>
/// <param name="TextHeight">
/// Height of its characters across the line (a vertical line's column width), measured on the reduced copy and so
/// known to about <see cref="TextPresence.Scale"/> pixels.
/// </param>
public readonly record struct TextLineBox(int X, int Y, int Width, int Height, int TextHeight);

/// <summary>
/// Decides cheaply whether a page has text before it is read: text is rows (or columns) of marks of one height, evenly
/// spaced and aligned on a line, darker or lighter than their surroundings; a photograph of leaves, water or sky has
/// marks of every size scattered in two dimensions. The page is reduced by an integer factor to at most
/// <see cref="WorkingLongSide"/> pixels, marks are the connected components of pixels well off their local mean (both
/// polarities, for dark text on paper and white text on a sign), and marks are chained to their neighbours along a
/// line when they overlap across it, have a similar size and a gap under their size. A chain of enough marks whose
/// centres and sizes agree is a text line. On a 12 MP photo this costs tens of milliseconds, against seconds of OCR.
/// </summary>
public static class TextPresenceDetector
{
    /// <summary>The long side the page is reduced to (at most) before the search.</summary>
    public const int WorkingLongSide = 1600;

    /// <summary>Least gray levels between a mark's pixel and the mean of its neighbourhood.</summary>
    private const int Contrast = 24;

    /// <summary>Half the side of the neighbourhood a pixel is compared with.</summary>
    private const int Radius = 15;

    private const int MinMarkSide = 5;
    private const int MaxMarkSide = 160;
    private const int MinLineMarks = 4;

    /// <summary>
    /// Most background spread (see <see cref="TextPresence.PlainestBackground"/>) a text line may have. On the labelled
    /// set the plainest line of every text image was at most 18 (noisy scans; signs, boards and screens 0-4), and that
    /// of the photographs wrongly taken for text 22-28 (sand ripples, wood grain, petals, bark): 21 lies between.
    /// </summary>
    private const double MaxBackgroundSpread = 21;

    /// <summary>
    /// Looks for text on <paramref name="page"/>, reduced to at most <paramref name="workingLongSide"/> pixels first (a
    /// smaller copy is searched faster and sees only larger text: 800 finds 11 pt body text on an A4 page at 300 dpi).
    /// </summary>
    public static TextPresence Detect(GrayPageImage page, int workingLongSide = WorkingLongSide)
    {
        ArgumentNullException.ThrowIfNull(page);
        return Detect(page.Pixels, page.Width, page.Height, page.Stride, workingLongSide);
    }

    /// <summary>Looks for text in 8-bit gray <paramref name="pixels"/> (0 black, 255 white).</summary>
    public static TextPresence Detect(ReadOnlySpan<byte> pixels, int width, int height, int stride, int workingLongSide = WorkingLongSide)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(workingLongSide, 100);
        var scale = Math.Max(1, (int)Math.Ceiling(Math.Max(width, height) / (double)workingLongSide));
        var small = Reduce(pixels, width, height, stride, scale, out var w, out var h);
        var means = LocalMeans(small, w, h);
        var marks = new List<Mark>();
        var ink = new bool[w * h];
        foreach (var dark in (ReadOnlySpan<bool>)[true, false])
        {
            var mask = new bool[w * h];
            for (var i = 0; i < mask.Length; i++)
            {
                mask[i] = dark ? small[i] + Contrast < means[i] : small[i] > means[i] + Contrast;
                ink[i] |= mask[i];
            }

            marks.AddRange(ConnectedMarks(mask, w, h, dark));
        }

        // Anti-aliased stroke edges are neither ink nor background: the background is what is not next to ink.
        var nearInk = Dilate(ink, w, h);
        var width1 = w;
        double Background(int x, int y, int bw, int bh) => BackgroundSpread(small, nearInk, width1, x, y, bw, bh);
        var boxes = new List<LineBox>();
        var across = TextLines.Find(marks, MinLineMarks, horizontal: true, Background, MaxBackgroundSpread, boxes);
        var down = TextLines.Find(marks, MinLineMarks, horizontal: false, Background, MaxBackgroundSpread, boxes);
        var lines = across.Lines + down.Lines;
        var plainest = Math.Min(across.Plainest, down.Plainest);
        return new TextPresence(lines > 0, lines, marks.Count, scale, plainest == double.MaxValue ? -1 : Math.Round(plainest, 1))
        {
            LineBoxes = [.. boxes.Select(b => new TextLineBox(b.X * scale, b.Y * scale, b.Width * scale, b.Height * scale, b.TextHeight * scale))],
        };
    }

    /// <summary>Pixels that are ink or have ink among their 8 neighbours.</summary>
    private static bool[] Dilate(bool[] ink, int w, int h)
    {
        var result = new bool[ink.Length];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                if (!ink[(y * w) + x])
                {
                    continue;
                }

                for (var ny = Math.Max(0, y - 1); ny <= Math.Min(h - 1, y + 1); ny++)
                {
                    for (var nx = Math.Max(0, x - 1); nx <= Math.Min(w - 1, x + 1); nx++)
                    {
                        result[(ny * w) + nx] = true;
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Gray levels between the 10th and 90th percentile of the pixels in the box that are not marks.</summary>
    private static double BackgroundSpread(byte[] image, bool[] ink, int w, int x, int y, int bw, int bh)
    {
        Span<int> histogram = stackalloc int[256];
        var count = 0;
        for (var row = y; row < y + bh; row++)
        {
            for (var col = x; col < x + bw; col++)
            {
                var i = (row * w) + col;
                if (!ink[i])
                {
                    histogram[image[i]]++;
                    count++;
                }
            }
        }

        if (count == 0)
        {
            return 0;
        }

        int Percentile(Span<int> counts, double share)
        {
            var target = share * count;
            var seen = 0;
            for (var v = 0; v < 256; v++)
            {
                seen += counts[v];
                if (seen >= target)
                {
                    return v;
                }
            }

            return 255;
        }

        return Percentile(histogram, 0.9) - Percentile(histogram, 0.1);
    }

    /// <summary>Box-averages <paramref name="scale"/> x <paramref name="scale"/> blocks.</summary>
    private static byte[] Reduce(ReadOnlySpan<byte> pixels, int width, int height, int stride, int scale, out int w, out int h)
    {
        w = Math.Max(1, width / scale);
        h = Math.Max(1, height / scale);
        var result = new byte[w * h];
        var sums = new int[w];
        var area = scale * scale;
        for (var y = 0; y < h; y++)
        {
            Array.Clear(sums);
            for (var dy = 0; dy < scale && (y * scale) + dy < height; dy++)
            {
                var row = pixels.Slice(((y * scale) + dy) * stride, width);
                for (var x = 0; x < w; x++)
                {
                    var sum = 0;
                    var start = x * scale;
                    for (var dx = 0; dx < scale && start + dx < width; dx++)
                    {
                        sum += row[start + dx];
                    }

                    sums[x] += sum;
                }
            }

            for (var x = 0; x < w; x++)
            {
                result[(y * w) + x] = (byte)(sums[x] / area);
            }
        }

        return result;
    }

    /// <summary>The mean of each pixel's (2 <see cref="Radius"/> + 1)² neighbourhood, clipped at the borders, through an integral image.</summary>
    private static byte[] LocalMeans(byte[] image, int w, int h)
    {
        var integral = new long[(w + 1) * (h + 1)];
        for (var y = 0; y < h; y++)
        {
            long row = 0;
            for (var x = 0; x < w; x++)
            {
                row += image[(y * w) + x];
                integral[((y + 1) * (w + 1)) + x + 1] = integral[(y * (w + 1)) + x + 1] + row;
            }
        }

        var means = new byte[w * h];
        for (var y = 0; y < h; y++)
        {
            var (y0, y1) = (Math.Max(0, y - Radius), Math.Min(h, y + Radius + 1));
            for (var x = 0; x < w; x++)
            {
                var (x0, x1) = (Math.Max(0, x - Radius), Math.Min(w, x + Radius + 1));
                var sum = integral[(y1 * (w + 1)) + x1] - integral[(y0 * (w + 1)) + x1] - integral[(y1 * (w + 1)) + x0] + integral[(y0 * (w + 1)) + x0];
                means[(y * w) + x] = (byte)(sum / ((y1 - y0) * (x1 - x0)));
            }
        }

        return means;
    }

    /// <summary>The 8-connected components of <paramref name="mask"/> that have the size and fill of a character or part of one.</summary>
    private static List<Mark> ConnectedMarks(bool[] mask, int w, int h, bool dark)
    {
        var marks = new List<Mark>();
        var stack = new Stack<int>();
        for (var start = 0; start < mask.Length; start++)
        {
            if (!mask[start])
            {
                continue;
            }

            mask[start] = false;
            stack.Push(start);
            var (x0, y0, x1, y1, count) = (w, h, -1, -1, 0);
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                var (x, y) = (p % w, p / w);
                (x0, y0, x1, y1) = (Math.Min(x0, x), Math.Min(y0, y), Math.Max(x1, x), Math.Max(y1, y));
                count++;
                for (var ny = Math.Max(0, y - 1); ny <= Math.Min(h - 1, y + 1); ny++)
                {
                    for (var nx = Math.Max(0, x - 1); nx <= Math.Min(w - 1, x + 1); nx++)
                    {
                        var q = (ny * w) + nx;
                        if (mask[q])
                        {
                            mask[q] = false;
                            stack.Push(q);
                        }
                    }
                }
            }

            var (mw, mh) = (x1 - x0 + 1, y1 - y0 + 1);
            var side = Math.Max(mw, mh);
            var fill = (double)count / (mw * mh);
            if (side is >= MinMarkSide and <= MaxMarkSide && Math.Min(mw, mh) >= 2 && fill is >= 0.08 and <= 0.92)
            {
                marks.Add(new Mark(x0, y0, mw, mh, dark));
            }
        }

        return marks;
    }
}
