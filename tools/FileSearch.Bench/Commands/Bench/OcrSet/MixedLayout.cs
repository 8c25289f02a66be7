using System.Text;
using System.Text.RegularExpressions;
using NetVips;

namespace FileSearch.Bench.Commands.Bench.OcrSet;

/// <summary>
/// Layout of pages that mix Latin words (commands, paths, option names) into Japanese, as technical documentation
/// does: a Latin word is never broken across lines, counts half a character cell per letter, and in vertical columns
/// is set turned a quarter clockwise (縦中横 is for two-digit numbers only; words run sideways in 縦書き).
/// </summary>
internal static partial class MixedLayout
{
    /// <summary>ASCII punctuation that never starts a line either.</summary>
    private const string NoLineStartAscii = ")]},.:;";

    /// <summary>Whether <paramref name="text"/> has a Latin letter (the pages without one keep their character-count layout).</summary>
    public static bool IsMixed(string text) => text.Any(char.IsAsciiLetter);

    /// <summary>
    /// Cuts <paramref name="text"/> into lines of at most <paramref name="length"/> cells: a Japanese character is a
    /// cell, a Latin or ASCII character half of one; breaks fall between tokens (a run of printable ASCII, a space,
    /// one other character), a space at a break is dropped.
    /// </summary>
    public static IReadOnlyList<string> Lines(string text, int length, string noLineStart)
    {
        var lines = new List<StringBuilder> { new() };
        var width = 0.0;
        foreach (var token in Tokens(text))
        {
            var tokenWidth = Width(token);
            var keepsWithPrevious = token.Length == 1 && (noLineStart.Contains(token[0], StringComparison.Ordinal)
                || NoLineStartAscii.Contains(token[0], StringComparison.Ordinal));
            if (width + tokenWidth > length && lines[^1].Length > 0 && !keepsWithPrevious)
            {
                lines.Add(new StringBuilder());
                width = 0;
                if (token == " ")
                {
                    continue;
                }
            }

            lines[^1].Append(token);
            width += tokenWidth;
        }

        return [.. lines.Select(l => l.ToString().Trim()).Where(l => l.Length > 0)];
    }

    /// <summary>
    /// One vertical column, <paramref name="cell"/> wide and at least <paramref name="height"/> high: Japanese characters in
    /// their cells (<paramref name="cellOf"/>), Latin runs rendered as a line and turned clockwise, spaces a third of a cell.
    /// </summary>
    public static Image VerticalColumn(string column, int cell, int height, (string Name, string File) font, Func<char, Image> cellOf)
    {
        var pieces = new List<Image>();
        try
        {
            foreach (var token in Tokens(column))
            {
                if (token == " ")
                {
                    using var gap = Image.Black(cell, cell / 3);
                    pieces.Add(gap.Invert());
                }
                else if (char.IsAscii(token[0]))
                {
                    using var mask = Image.Text(token, font: font.Name, fontfile: font.File, dpi: 300);
                    using var ink = mask.Invert();
                    using var turned = ink.Rot90();
                    using var inset = turned.Embed(0, 4, turned.Width, turned.Height + 8, extend: Enums.Extend.White);
                    pieces.Add(inset.Gravity(Enums.CompassDirection.Centre, cell, inset.Height, extend: Enums.Extend.White));
                }
                else
                {
                    pieces.Add(cellOf(token[0]));
                }
            }

            var total = pieces.Sum(p => p.Height);
            var canvas = Image.Black(cell, Math.Max(total, height)).Invert();
            var y = 0;
            foreach (var piece in pieces)
            {
                var next = canvas.Insert(piece, 0, y);
                canvas.Dispose();
                canvas = next;
                y += piece.Height;
            }

            return canvas;
        }
        finally
        {
            foreach (var piece in pieces)
            {
                piece.Dispose();
            }
        }
    }

    private static double Width(string token) => token.Sum(c => char.IsAscii(c) ? 0.5 : 1.0);

    private static IEnumerable<string> Tokens(string text) => Token().Matches(text).Select(m => m.Value);

    [GeneratedRegex(@"[\x21-\x7E]+| |.", RegexOptions.Singleline)]
    private static partial Regex Token();
}
