namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>A box in page pixels, left and top inclusive, right and bottom exclusive (Tesseract's convention).</summary>
internal readonly record struct SymbolBox(int Left, int Top, int Right, int Bottom)
{
    public int Width => Right - Left;

    public int Height => Bottom - Top;

    public SymbolBox Union(SymbolBox other) =>
        new(Math.Min(Left, other.Left), Math.Min(Top, other.Top), Math.Max(Right, other.Right), Math.Max(Bottom, other.Bottom));
}

/// <summary>A recognised symbol (character) with its box, the number of its word and line on the page, and its word's confidence and box.</summary>
internal sealed record PageSymbol(string Text, SymbolBox Box, int Word, int Line, float WordConfidence)
{
    /// <summary>The box of the symbol's word (in vertical readings the only usable box).</summary>
    public SymbolBox WordBox { get; init; }

    public bool IsLatinLetter => Text.Any(char.IsAsciiLetter);
}

/// <summary>
/// A word of a reading that holds Latin letters: its <see cref="Text"/> as Tesseract read it, its confidence (0-100), and
/// its <see cref="Latin"/> part, the longest run of printable ASCII symbols in it (Japanese punctuation read into the same
/// word, as in <c>。distribution</c>, stays outside), with the <see cref="Box"/> around that run.
/// </summary>
internal sealed record LatinWord(string Text, string Latin, int LatinStart, SymbolBox Box, float Confidence)
{
    /// <summary>The words of <paramref name="symbols"/> that hold Latin letters, in reading order.</summary>
    public static IReadOnlyList<LatinWord> All(IReadOnlyList<PageSymbol> symbols) =>
        [.. symbols.GroupBy(s => s.Word).Where(w => w.Any(s => s.IsLatinLetter))
            .Select(w => From([.. w.Select(s => (s.Text, s.Box))], w.First().WordConfidence)).OfType<LatinWord>()];

    /// <summary>The word made of <paramref name="symbols"/>, or null when none of its ASCII runs holds a letter.</summary>
    public static LatinWord? From(IReadOnlyList<(string Text, SymbolBox Box)> symbols, float confidence)
    {
        int bestStart = -1, bestLength = 0, start = -1;
        for (var i = 0; i <= symbols.Count; i++)
        {
            var ascii = i < symbols.Count && symbols[i].Text.Length > 0 && symbols[i].Text.All(c => c is > ' ' and <= '~');
            if (ascii && start < 0)
            {
                start = i;
            }
            else if (!ascii && start >= 0)
            {
                if (i - start > bestLength && Enumerable.Range(start, i - start).Any(k => symbols[k].Text.Any(char.IsAsciiLetter)))
                {
                    (bestStart, bestLength) = (start, i - start);
                }

                start = -1;
            }
        }

        if (bestStart < 0)
        {
            return null;
        }

        var run = symbols.Skip(bestStart).Take(bestLength).ToList();
        var box = run.Skip(1).Aggregate(run[0].Box, (union, s) => union.Union(s.Box));
        var latinStart = symbols.Take(bestStart).Sum(s => s.Text.Length);
        return new LatinWord(string.Concat(symbols.Select(s => s.Text)), string.Concat(run.Select(s => s.Text)), latinStart, box, confidence);
    }
}
