namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>
/// Latin words in vertical Japanese run sideways (turned a quarter clockwise), and <c>jpn_vert</c> reads them as a
/// handful of unrelated symbols (<c>dselect-upgrade</c> as <c>oo お ooT ヒ mp ロ o</c>), Latin letters among them. Each
/// column whose reading has a Latin letter is cut out, turned back a quarter counter-clockwise and read as one line with
/// the Latin model; a word that model is sure of replaces the column's symbols it covers, provided one of them is a
/// Latin letter (the vertical model's hint that a Latin word stands there).
/// </summary>
internal static class SidewaysLatin
{
    /// <summary>Least confidence of the Latin model's word for it to replace the vertical model's symbols.</summary>
    public const int MinConfidence = 85;

    /// <summary>The columns (lines of the vertical reading) with a Latin letter, each with its box and a margin, inside the page.</summary>
    public static IReadOnlyList<(int Line, SymbolBox Box)> Columns(IReadOnlyList<PageSymbol> symbols, int pageWidth, int pageHeight) =>
        [.. symbols.GroupBy(s => s.Line).Where(line => line.Any(s => s.IsLatinLetter)).Select(line =>
        {
            var box = line.Skip(1).Aggregate(line.First().WordBox, (union, s) => union.Union(s.WordBox));
            var side = Math.Max(2, box.Width / 8);
            var end = Math.Max(2, box.Width / 4);
            return (line.Key, new SymbolBox(Math.Max(0, box.Left - side), Math.Max(0, box.Top - end),
                Math.Min(pageWidth, box.Right + side), Math.Min(pageHeight, box.Bottom + end)));
        })];

    /// <summary>The pixels of <paramref name="box"/> turned a quarter counter-clockwise: <c>box.Height</c> wide, <c>box.Width</c> high.</summary>
    public static byte[] CropTurnedLeft(ReadOnlySpan<byte> pixels, int stride, SymbolBox box)
    {
        var (width, height) = (box.Width, box.Height);
        var turned = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var row = pixels.Slice(((box.Top + y) * stride) + box.Left, width);
            for (var x = 0; x < width; x++)
            {
                turned[((width - 1 - x) * height) + y] = row[x];
            }
        }

        return turned;
    }

    /// <summary>
    /// The replacements the Latin model's <paramref name="words"/> (boxes in the turned crop of <paramref name="column"/>)
    /// make in line <paramref name="line"/>: the first and last index in <paramref name="symbols"/> of the symbols whose
    /// word's centre lies along the word, and the word.
    /// </summary>
    public static IEnumerable<(int First, int Last, string Latin)> Matches(IReadOnlyList<PageSymbol> symbols, int line, SymbolBox column,
        IReadOnlyList<(string Text, SymbolBox Box, float Confidence)> words)
    {
        foreach (var (text, box, confidence) in words)
        {
            var latin = text.Trim();
            if (confidence < MinConfidence || latin.Length == 0 || !latin.All(c => c is > ' ' and <= '~') || latin.Count(char.IsAsciiLetter) < 2)
            {
                continue;
            }

            var (top, bottom) = (column.Top + box.Left, column.Top + box.Right);
            var covered = Enumerable.Range(0, symbols.Count)
                .Where(i => symbols[i].Line == line && (symbols[i].WordBox.Top + symbols[i].WordBox.Bottom) / 2 is var centre && centre >= top && centre <= bottom)
                .ToList();
            if (covered.Count > 0 && covered.Any(i => symbols[i].IsLatinLetter))
            {
                yield return (covered[0], covered[^1], latin);
            }
        }
    }

    /// <summary>
    /// <paramref name="text"/> with each replaced run of symbols swapped for its Latin word; symbols are found in the text
    /// in reading order, and overlapping replacements after the first are dropped.
    /// </summary>
    public static string Apply(string text, IReadOnlyList<PageSymbol> symbols, IEnumerable<(int First, int Last, string Latin)> replacements)
    {
        var starts = new int[symbols.Count];
        var cursor = 0;
        for (var i = 0; i < symbols.Count; i++)
        {
            var at = symbols[i].Text.Length == 0 ? -1 : text.IndexOf(symbols[i].Text, cursor, StringComparison.Ordinal);
            starts[i] = at;
            cursor = at >= 0 ? at + symbols[i].Text.Length : cursor;
        }

        var result = new System.Text.StringBuilder(text.Length);
        var done = 0;
        var lastSymbol = -1;
        foreach (var (first, last, latin) in replacements.OrderBy(r => r.First))
        {
            if (first <= lastSymbol || starts[first] < done || starts[last] < starts[first])
            {
                continue;
            }

            result.Append(text, done, starts[first] - done).Append(' ').Append(latin).Append(' ');
            done = starts[last] + symbols[last].Text.Length;
            lastSymbol = last;
        }

        return result.Append(text, done, text.Length - done).ToString();
    }
}
