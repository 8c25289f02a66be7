using System.Text;

namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>
/// Tesseract's LSTM now and then reads one kana twice, as itself and as a variant of it (voiced, small, or the other
/// script): <c>反映さ</c> as <c>反映ざさ</c>, <c>ぼんやり</c> as <c>ぼんやゃやり</c>, <c>うとうと</c> as <c>うとどうと</c>, most often at
/// the ends of vertical columns. Such a pair of neighbours in one line, one of them in a weak word, is taken as one
/// character read twice and the variant is dropped (<c>X x X</c> becomes <c>X</c>). Real neighbours of that kind
/// (<c>ただ</c>, <c>ほぼ</c>, <c>すず</c>) are read with confidence and stay; on horizontal lines, where symbol boxes are
/// real, the dropped symbol must also share its neighbour's place (a box of a pixel or two, or overlapping by half).
/// </summary>
internal static class DoubledKana
{
    /// <summary>Word confidence under which a word is weak.</summary>
    public const int WeakConfidence = 70;

    /// <summary>
    /// <paramref name="text"/> and <paramref name="symbols"/> without the doubled kana; both unchanged when there are none
    /// or when the symbols cannot all be found in the text in order.
    /// </summary>
    public static (string Text, IReadOnlyList<PageSymbol> Symbols) Collapse(string text, IReadOnlyList<PageSymbol> symbols)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(symbols);
        var drop = new bool[symbols.Count];
        var any = false;
        for (var i = 0; i + 1 < symbols.Count; i++)
        {
            var (a, b) = (symbols[i], symbols[i + 1]);
            if (drop[i] || a.Line != b.Line || !Variants(a.Text, b.Text) || (a.WordConfidence >= WeakConfidence && b.WordConfidence >= WeakConfidence))
            {
                continue;
            }

            if (i + 2 < symbols.Count && symbols[i + 2] is var c && c.Line == a.Line && c.Text == a.Text && SamePlace(b, a))
            {
                drop[i + 1] = drop[i + 2] = any = true;
                continue;
            }

            var second = Marked(b.Text) != Marked(a.Text) ? Marked(b.Text) : b.WordConfidence <= a.WordConfidence;
            var (dropped, kept) = second ? (i + 1, i) : (i, i + 1);
            if (SamePlace(symbols[dropped], symbols[kept]))
            {
                drop[dropped] = any = true;
            }
        }

        if (!any)
        {
            return (text, symbols);
        }

        var result = new StringBuilder(text.Length);
        var cursor = 0;
        for (var i = 0; i < symbols.Count; i++)
        {
            var at = text.IndexOf(symbols[i].Text, cursor, StringComparison.Ordinal);
            if (symbols[i].Text.Length == 0 || at < 0)
            {
                return (text, symbols);
            }

            result.Append(text, cursor, (drop[i] ? at : at + symbols[i].Text.Length) - cursor);
            cursor = at + symbols[i].Text.Length;
        }

        return (result.Append(text, cursor, text.Length - cursor).ToString(), [.. symbols.Where((_, i) => !drop[i])]);
    }

    /// <summary>Two different kana of the same base sound: voiced or not, small or not, hiragana or katakana.</summary>
    public static bool Variants(string a, string b) =>
        !string.Equals(a, b, StringComparison.Ordinal) && Base(a) is { } left && Base(b) is { } right && left == right;

    /// <summary>Voiced (゛ ゜) or small.</summary>
    private static bool Marked(string kana) => Base(kana) is { } plain && plain != Hiragana(kana[0]);

    /// <summary>
    /// Whether <paramref name="dropped"/> can be a second reading of <paramref name="kept"/>'s glyph: on vertical lines
    /// (degenerate boxes, no width) always; on horizontal lines when its box is a pixel or two wide or overlaps half of the other.
    /// </summary>
    private static bool SamePlace(PageSymbol dropped, PageSymbol kept)
    {
        if (dropped.Box.Width <= 0 || kept.Box.Width <= 0)
        {
            return true;
        }

        var overlap = Math.Min(dropped.Box.Right, kept.Box.Right) - Math.Max(dropped.Box.Left, kept.Box.Left);
        return dropped.Box.Width <= 2 || overlap * 2 >= Math.Min(dropped.Box.Width, kept.Box.Width);
    }

    /// <summary>The plain, full-size hiragana of a single kana, or null for anything else.</summary>
    private static char? Base(string kana)
    {
        var hiragana = kana.Length == 1 ? Hiragana(kana[0]) : '\0';
        if (hiragana is not (>= '\u3041' and <= '\u3096'))
        {
            return null;
        }

        var plain = hiragana.ToString().Normalize(NormalizationForm.FormD)[0];
        return plain switch
        {
            'ぁ' or 'ぃ' or 'ぅ' or 'ぇ' or 'ぉ' or 'っ' or 'ゃ' or 'ゅ' or 'ょ' or 'ゎ' => (char)(plain + 1),
            'ゕ' => 'か',
            'ゖ' => 'け',
            _ => plain,
        };
    }

    private static char Hiragana(char kana) => kana is >= '\u30A1' and <= '\u30F6' ? (char)(kana - 0x60) : kana;
}
