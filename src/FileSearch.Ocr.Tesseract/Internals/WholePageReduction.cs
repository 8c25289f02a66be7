using FileSearch.Imaging;

namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>
/// Whether a whole page is read reduced to <see cref="OcrOptions.ReadTextHeight"/>, from the text lines
/// <see cref="TextPresenceDetector"/> measured on its coarse copy.
/// </summary>
internal static class WholePageReduction
{
    /// <summary>
    /// Least rows of horizontal text a page needs to be reduced. Reduced, a single 12 pt line (a TIFF page of
    /// <c>請求書を送付します。</c>, 832x168 px) lost its first three characters, and a two-line page turned a quarter
    /// (its lines measured as columns) was taken for vertical writing and read as garbage; pages that short are
    /// read in a fraction of a second at full size, so the reduction saves nothing worth the risk there.
    /// </summary>
    public const int MinRows = 3;

    /// <summary>
    /// The window (the whole page) and factor that make the lower quartile of the lines' character heights
    /// <paramref name="textHeight"/> pixels, or null when the page has fewer than <see cref="MinRows"/> rows of
    /// horizontal text or its text is not at least <see cref="ReadingWindow.MinReduction"/> times that high.
    /// </summary>
    public static ReadingWindow? Choose(int width, int height, IReadOnlyList<TextLineBox> lines, int textHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(textHeight);
        if (Rows(lines) < MinRows)
        {
            return null;
        }

        // The lower quartile: the body text, not the stray marks and punctuation the detector also takes for short
        // lines (6-30 px beside 43 px on the accuracy set's pages).
        var heights = lines.Select(l => l.TextHeight).Order().ToList();
        var reduction = heights[heights.Count / 4] / (double)textHeight;
        return reduction < ReadingWindow.MinReduction
            ? null
            : new ReadingWindow(0, 0, width, height, Math.Round(Math.Min(reduction, ReadingWindow.MaxReduction), 2));
    }

    /// <summary>
    /// Rows of horizontal text: the lines running across the page (wider than high) grouped by their vertical extent,
    /// a line joining a row when it overlaps it by half its height. The detector cuts one printed line into several
    /// pieces, and finds the columns of a page turned a quarter as vertical lines, which make no row.
    /// </summary>
    public static int Rows(IReadOnlyList<TextLineBox> lines)
    {
        var rows = 0;
        var rowBottom = 0;
        foreach (var line in lines.Where(l => l.Width > l.Height).OrderBy(l => l.Y))
        {
            if (rows > 0 && Math.Min(rowBottom, line.Y + line.Height) - line.Y >= line.Height / 2.0)
            {
                rowBottom = Math.Max(rowBottom, line.Y + line.Height);
                continue;
            }

            rows++;
            rowBottom = line.Y + line.Height;
        }

        return rows;
    }
}
