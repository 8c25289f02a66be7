namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>
/// Latin words in vertical Japanese run sideways (turned a quarter clockwise), and <c>jpn_vert</c> reads them as a
/// handful of unrelated symbols (<c>dselect-upgrade</c> as <c>oo お ooT ヒ mp ロ o</c>), Latin letters among them. Each
/// column whose reading has a Latin letter is cut out, turned back a quarter counter-clockwise and read as one line with
/// the Latin model; a word that model is sure of replaces the column's symbols it covers, provided one of them is a
/// Latin letter or a weak word (the vertical model's hints that a Latin word stands there: it reads some sideways words,
/// <c>Status</c>, as kana without any Latin letter, and is then unsure of them). A word the Latin model reads unsure
/// is given a second look on its own (its box cut out of the column): a kana glyph of the column next to it can pull the
/// whole word's confidence down (<c>/var/cache/apt/archives/partial/</c> at 18 beside a sideways <c>から</c>); it is
/// kept when the second look reads the same text and is sure of it.
/// </summary>
internal static class SidewaysLatin
{
    /// <summary>Least confidence of the Latin model's word for it to replace the vertical model's symbols.</summary>
    public const int MinConfidence = 85;

    /// <summary>A vertical word under this confidence may be a sideways Latin word the vertical model read as kana.</summary>
    public const int WeakConfidence = 70;

    /// <summary>Gaps between a column's marked symbols up to this many column widths are read with them.</summary>
    public const int GapColumns = 2;

    /// <summary>A stretch reaches this many column widths beyond its first and last marked symbols.</summary>
    public const int ReachColumns = 1;

    /// <summary>Least confidence of an unsure Latin word for a second look (under it the Latin model reads noise).</summary>
    public const int SecondLookFloor = 10;

    /// <summary>
    /// The stretches of the columns (lines of the vertical reading) that hold a Latin letter or a weak word, each with its
    /// box and a margin, inside the page: the symbols that show a sideways word, with the gaps between them up to
    /// <see cref="GapColumns"/> column widths joined, reaching <see cref="ReachColumns"/> column width further along the
    /// column at each end (a confidently read kana inside or at the end of a sideways word). Reading a stretch rather than
    /// the whole column spares the Latin model the Japanese text of the column, which it can only misread.
    /// </summary>
    public static IReadOnlyList<(int Line, SymbolBox Box)> Columns(IReadOnlyList<PageSymbol> symbols, int pageWidth, int pageHeight)
    {
        var stretches = new List<(int Line, SymbolBox Box)>();
        foreach (var line in symbols.GroupBy(s => s.Line))
        {
            var marks = line.Where(s => s.IsLatinLetter || s.WordConfidence < WeakConfidence).Select(s => s.WordBox).OrderBy(b => b.Top).ToList();
            if (marks.Count == 0)
            {
                continue;
            }

            var column = line.Skip(1).Aggregate(line.First().WordBox, (union, s) => union.Union(s.WordBox));
            var (side, end) = (Math.Max(2, column.Width / 8), Math.Max(2, column.Width / 4));
            var (gap, reach) = (GapColumns * column.Width, (ReachColumns * column.Width) + end);
            var run = marks[0];
            foreach (var mark in marks.Skip(1).Append(new SymbolBox(0, int.MaxValue, 0, int.MaxValue)))
            {
                if (mark.Top - run.Bottom <= gap)
                {
                    run = run.Union(mark);
                    continue;
                }

                stretches.Add((line.Key, new SymbolBox(Math.Max(0, column.Left - side), Math.Max(Math.Max(0, column.Top - end), run.Top - reach),
                    Math.Min(pageWidth, column.Right + side), Math.Min(Math.Min(pageHeight, column.Bottom + end), run.Bottom + reach))));
                run = mark;
            }
        }

        return stretches;
    }

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
        IReadOnlyList<(string Text, SymbolBox Box, float Confidence)> words) =>
        Found(symbols, line, column, words, blank: null).Select(m => (m.First, m.Last, m.Latin));

    /// <summary>
    /// <see cref="Matches"/> with where each word lies along the column; with <paramref name="blank"/> (whether page rows
    /// are blank paper across the column), a Latin letter or weak word that overlaps the word and reaches beyond it only
    /// over blank paper is the word's tail and replaced with it (<see cref="SidewaysEnds"/>).
    /// </summary>
    public static IEnumerable<SidewaysMatch> Found(IReadOnlyList<PageSymbol> symbols, int line, SymbolBox column,
        IReadOnlyList<(string Text, SymbolBox Box, float Confidence)> words, Func<int, int, bool>? blank)
    {
        foreach (var (text, box, confidence) in words)
        {
            var latin = text.Trim();
            if (confidence < MinConfidence || !IsLatinShaped(latin))
            {
                continue;
            }

            var (top, bottom) = (column.Top + box.Left, column.Top + box.Right);
            var covered = Enumerable.Range(0, symbols.Count)
                .Where(i => symbols[i].Line == line && (Along(symbols[i], top, bottom) || Tail(symbols, symbols[i], top, bottom, blank)))
                .ToList();
            if (covered.Count > 0 && covered.Any(i => symbols[i].IsLatinLetter || symbols[i].WordConfidence < WeakConfidence))
            {
                yield return new SidewaysMatch(covered[0], covered[^1], latin, top, bottom);
            }
        }
    }

    /// <summary>A Latin letter or weak word that overlaps the word from <paramref name="top"/> to <paramref name="bottom"/> and reaches beyond it only over blank paper.</summary>
    private static bool Tail(IReadOnlyList<PageSymbol> symbols, PageSymbol symbol, int top, int bottom, Func<int, int, bool>? blank)
    {
        var box = symbol.WordBox;
        return blank is not null && (symbol.IsLatinLetter || symbol.WordConfidence < WeakConfidence)
            && Math.Min(bottom, box.Bottom) > Math.Max(top, box.Top)
            && SidewaysEnds.Beyond(symbols, symbol, top, bottom) is var (from, to) && blank(from, to);
    }

    /// <summary>
    /// Whether the symbol lies along a Latin word from <paramref name="top"/> to <paramref name="bottom"/>: its word's centre
    /// is inside, or it is a Latin letter or weak and a quarter of its word overlaps (the vertical model's reading of the
    /// word's last letters, <c>っ</c> after <c>clean</c>, whose centre lies just past it).
    /// </summary>
    private static bool Along(PageSymbol symbol, int top, int bottom)
    {
        var box = symbol.WordBox;
        var centre = (box.Top + box.Bottom) / 2;
        var overlap = Math.Min(bottom, box.Bottom) - Math.Max(top, box.Top);
        return (centre >= top && centre <= bottom)
            || ((symbol.IsLatinLetter || symbol.WordConfidence < WeakConfidence) && overlap * 4 >= box.Height && overlap > 0);
    }

    /// <summary>Printable ASCII without spaces, with two Latin letters or more.</summary>
    public static bool IsLatinShaped(string word) =>
        word.Length > 0 && word.All(c => c is > ' ' and <= '~') && word.Count(char.IsAsciiLetter) >= 2;

    /// <summary>Whether the Latin model's word deserves a second look on its own: Latin-shaped, unsure, yet not noise.</summary>
    public static bool NeedsSecondLook(string word, float confidence) =>
        confidence is >= SecondLookFloor and < MinConfidence && IsLatinShaped(word.Trim());

    /// <summary>
    /// The pixels of <paramref name="box"/> (a word of the turned column, with a margin of a third of its height) cut out of
    /// <paramref name="turned"/>, an image <paramref name="width"/> wide and <paramref name="height"/> high.
    /// </summary>
    public static (byte[] Pixels, int Width, int Height) CropWord(byte[] turned, int width, int height, SymbolBox box)
    {
        var margin = Math.Max(4, box.Height / 3);
        var (left, top) = (Math.Clamp(box.Left - margin, 0, width), Math.Clamp(box.Top - margin, 0, height));
        var (right, bottom) = (Math.Clamp(box.Right + margin, left, width), Math.Clamp(box.Bottom + margin, top, height));
        var cut = new byte[(right - left) * (bottom - top)];
        for (var y = top; y < bottom; y++)
        {
            turned.AsSpan((y * width) + left, right - left).CopyTo(cut.AsSpan((y - top) * (right - left)));
        }

        return (cut, right - left, bottom - top);
    }

    /// <summary>
    /// The confidence of <paramref name="word"/> after a second look that read <paramref name="again"/>: the second look's
    /// when it read the same text as a single word, otherwise the first.
    /// </summary>
    public static float Confirmed((string Text, SymbolBox Box, float Confidence) word, IReadOnlyList<(string Text, SymbolBox Box, float Confidence)>? again) =>
        again is [var only] && string.Equals(only.Text.Trim(), word.Text.Trim(), StringComparison.Ordinal) ? only.Confidence : word.Confidence;

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
