using System.Text;

namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>
/// Tidies Tesseract's text: Tesseract separates every Japanese character with a space ("契 約 書"), which
/// breaks phrase search and snippets. Spaces are dropped where both neighbours are Japanese/CJK (kanji,
/// kana, full-width forms and punctuation), and also between a digit and such a character ("2024 年" →
/// "2024年", as Japanese is written). Spaces between Latin words stay (runs collapse to one). Lines keep
/// their breaks; trailing spaces, runs of blank lines and leading/trailing blank lines are removed.
/// </summary>
internal static class OcrTextPostProcessor
{
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new StringBuilder(text.Length);
        var blankLines = 0;
        foreach (var rawLine in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = CleanLine(rawLine);
            if (line.Length == 0)
            {
                blankLines++;
                continue;
            }

            if (output.Length > 0)
            {
                output.Append(blankLines > 0 ? "\n\n" : "\n");
            }

            output.Append(line);
            blankLines = 0;
        }

        return output.ToString();
    }

    private static string CleanLine(string line)
    {
        var sb = new StringBuilder(line.Length);
        Rune? previous = null;
        var pendingSpace = false;
        foreach (var rune in line.EnumerateRunes())
        {
            if (IsSpace(rune))
            {
                pendingSpace = previous is not null;
                continue;
            }

            if (pendingSpace && !Joins(previous!.Value, rune))
            {
                sb.Append(' ');
            }

            pendingSpace = false;
            sb.Append(rune.ToString());
            previous = rune;
        }

        return sb.ToString();
    }

    private static bool Joins(Rune left, Rune right) =>
        (IsCjk(left) && (IsCjk(right) || Rune.IsDigit(right))) || (Rune.IsDigit(left) && IsCjk(right));

    private static bool IsSpace(Rune rune) => Rune.IsWhiteSpace(rune) || Rune.IsControl(rune);

    /// <summary>Kanji, kana, CJK punctuation and full-width/half-width forms.</summary>
    internal static bool IsCjk(Rune rune) => rune.Value switch
    {
        >= 0x2E80 and <= 0x2FDF => true, // CJK radicals, Kangxi radicals
        >= 0x3001 and <= 0x303F => true, // CJK symbols and punctuation (U+3000 is the ideographic space)
        >= 0x3040 and <= 0x30FF => true, // hiragana, katakana
        >= 0x31F0 and <= 0x31FF => true, // katakana phonetic extensions
        >= 0x3200 and <= 0x4DBF => true, // enclosed CJK (㈱), CJK compatibility (㍉), extension A
        >= 0x4E00 and <= 0x9FFF => true, // CJK unified ideographs
        >= 0xF900 and <= 0xFAFF => true, // CJK compatibility ideographs
        >= 0xFE30 and <= 0xFE4F => true, // CJK compatibility forms
        >= 0xFF01 and <= 0xFFEF => true, // full-width ASCII and punctuation, half-width katakana
        >= 0x20000 and <= 0x3134F => true, // extensions B-G
        _ => false,
    };
}
