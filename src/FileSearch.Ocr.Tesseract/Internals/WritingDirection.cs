namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>
/// Tells pages set in vertical Japanese (columns read top to bottom, right to left) from horizontal ones by their ink
/// projections. Between lines there is a blank band of half an em or more; between the characters of a line only a
/// narrow one. Measured against the ink runs (about an em each), the axis whose blank runs are wide is the one that
/// separates lines: wide gaps along x mean columns, i.e. vertical text. A single column is not recognised as vertical.
/// </summary>
internal static class WritingDirection
{
    /// <summary>Pixels darker than this count as ink.</summary>
    private const byte InkLevel = 128;

    /// <summary>How much wider the column gaps must be than the row gaps; mixed pages stay horizontal.</summary>
    private const double Dominance = 1.5;

    /// <summary>Least gap-to-ink ratio of a line gap (character gaps are around 0.1-0.2 of an em).</summary>
    private const double LineGapRatio = 0.35;

    /// <summary>True when the page's text is dominated by vertical columns (at least two).</summary>
    public static bool IsVertical(ReadOnlySpan<byte> pixels, int width, int height, int stride)
    {
        // Every other row: strokes at scanning resolutions are several pixels thick, and a gap or an ink run keeps its
        // share of the sampled rows, so the ratios below hold while the pass over the page costs half.
        var columns = new int[width];
        var rows = new int[(height + 1) / 2];
        for (var y = 0; y < height; y += 2)
        {
            var line = pixels.Slice(y * stride, width);
            for (var x = 0; x < width; x++)
            {
                if (line[x] < InkLevel)
                {
                    columns[x]++;
                    rows[y / 2]++;
                }
            }
        }

        var across = GapRatio(columns);
        var down = GapRatio(rows);
        if (across < LineGapRatio)
        {
            return false;
        }

        // Stacked characters leave narrow blank rows; one horizontal line (a label, a Latin word row) leaves none. Nor do
        // columns whose Latin words run sideways (they fill the rows other columns leave blank), but those columns are
        // many ems tall, where a line is one em high.
        return down > 0 ? across > Dominance * down : 2 * Extent(rows) >= TallColumns * MeanInkRun(columns);
    }

    /// <summary>How many times its mean ink run (about an em) a profile without blank rows must extend to be columns.</summary>
    private const double TallColumns = 4;

    /// <summary>Positions from the first to the last ink of a profile (0 without ink).</summary>
    internal static int Extent(int[] profile)
    {
        var first = Array.FindIndex(profile, v => v > 0);
        return first < 0 ? 0 : Array.FindLastIndex(profile, v => v > 0) - first + 1;
    }

    /// <summary>The mean length of a profile's ink runs (0 without ink).</summary>
    internal static double MeanInkRun(int[] profile)
    {
        int runs = 0, ink = 0;
        for (var i = 0; i < profile.Length; i++)
        {
            if (profile[i] > 0)
            {
                ink++;
                runs += i == 0 || profile[i - 1] == 0 ? 1 : 0;
            }
        }

        return runs == 0 ? 0 : (double)ink / runs;
    }

    /// <summary>Mean blank run over mean ink run between the first and the last ink of a profile (0 without gaps).</summary>
    internal static double GapRatio(int[] profile)
    {
        var first = Array.FindIndex(profile, v => v > 0);
        var last = Array.FindLastIndex(profile, v => v > 0);
        int gaps = 0, gapTotal = 0, inks = 0, inkTotal = 0;
        for (var i = Math.Max(first, 0); first >= 0 && i <= last; i++)
        {
            var blank = profile[i] == 0;
            if (i == first || blank != (profile[i - 1] == 0))
            {
                gaps += blank ? 1 : 0;
                inks += blank ? 0 : 1;
            }

            gapTotal += blank ? 1 : 0;
            inkTotal += blank ? 0 : 1;
        }

        return gaps == 0 ? 0 : ((double)gapTotal / gaps) / ((double)inkTotal / inks);
    }
}
