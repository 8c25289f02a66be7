namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>
/// A sideways Latin word that <see cref="SidewaysLatin"/> found: the first and last index of the vertical reading's
/// symbols it replaces, its text, and where it lies along the column (page rows <see cref="Top"/> to <see cref="Bottom"/>).
/// </summary>
internal readonly record struct SidewaysMatch(int First, int Last, string Latin, int Top, int Bottom);

/// <summary>
/// Where a sideways Latin word ends along its column, told from the page rather than from the two models' boxes, which
/// disagree there. Past the word the vertical model reads its last letter and the blank paper after it as a weak kana
/// (<c>っ</c> after <c>clean</c>), whose word reaches only blank paper beyond the Latin word: that kana is the word's
/// tail. The Latin model's box, for its part, reaches over a kana beside the word (<c>な</c> before <c>Debian</c>,
/// a space apart): a confidently read Japanese word at an end of the run is kept when the Latin word reads the same
/// without its rows.
/// </summary>
internal static class SidewaysEnds
{
    /// <summary>Most ink pixels a row may have and still count as blank paper (a speck, the edge of a stroke).</summary>
    public const int BlankRowInk = 2;

    /// <summary>
    /// Rows of ink a stretch of blank paper may have, in eighths of the column's width: the two models' boxes miss the
    /// edge of the next glyph by a pixel or two, where a glyph is most of a column's width long.
    /// </summary>
    public const int InkRowsPerEighth = 1;

    /// <summary>Pixels darker than this count as ink.</summary>
    private const byte InkLevel = 128;

    /// <summary>
    /// Whether the page rows from <paramref name="top"/> to <paramref name="bottom"/> (exclusive) between
    /// <paramref name="left"/> and <paramref name="right"/> (a column) are blank paper: at most an eighth of the column's
    /// width of them with more than <see cref="BlankRowInk"/> ink pixels. False for an empty range.
    /// </summary>
    public static bool Blank(ReadOnlySpan<byte> pixels, int stride, int left, int right, int top, int bottom)
    {
        if (bottom <= top || right <= left)
        {
            return false;
        }

        var (inkRows, allowed) = (0, InkRowsPerEighth * (right - left) / 8);
        for (var y = top; y < bottom; y++)
        {
            var row = pixels.Slice((y * stride) + left, right - left);
            var ink = 0;
            foreach (var value in row)
            {
                ink += value < InkLevel ? 1 : 0;
            }

            inkRows += ink > BlankRowInk ? 1 : 0;
            if (inkRows > allowed)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The page rows of <paramref name="symbol"/>'s word that lie beyond a Latin word from <paramref name="top"/> to
    /// <paramref name="bottom"/> and before the next word of its line on that side; null when the word lies inside it
    /// or reaches beyond it on both sides.
    /// </summary>
    public static (int Top, int Bottom)? Beyond(IReadOnlyList<PageSymbol> symbols, PageSymbol symbol, int top, int bottom)
    {
        var box = symbol.WordBox;
        var others = symbols.Where(s => s.Line == symbol.Line && s.Word != symbol.Word).Select(s => s.WordBox).ToList();
        return (box.Top < top, box.Bottom > bottom) switch
        {
            (false, true) => (bottom, others.Where(o => o.Top >= bottom).Select(o => o.Top).Append(box.Bottom).Min()),
            (true, false) => (others.Where(o => o.Bottom <= top).Select(o => o.Bottom).Append(box.Top).Max(), top),
            _ => null,
        };
    }
}
