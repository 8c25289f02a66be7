namespace FileSearch.Extraction.Internals;

/// <summary>
/// How much a decoded text looks like Japanese (or plain) prose. Wrong guesses between Shift_JIS and
/// EUC-JP still decode, but into half-width katakana, private-use characters and replacement marks;
/// right guesses produce hiragana, katakana, kanji and Japanese punctuation.
/// </summary>
internal readonly record struct CharacterScore(long Score, int Chars, int Replacements, int Controls, int Implausible)
{
    /// <summary>Hardly any control characters: enough for a text in a Unicode encoding, whatever its script.</summary>
    public bool FewControls => Chars > 0 && Controls * 100 <= Chars;

    /// <summary>Few controls, and mostly valid, mostly plausible Japanese or Latin characters.</summary>
    public bool LooksLikeJapanese =>
        FewControls
        && Score > 0
        && Replacements * 50 <= Chars
        && (Implausible + Replacements) * 10 <= Chars;

    public static CharacterScore Of(ReadOnlySpan<char> text)
    {
        long score = 0;
        int replacements = 0, controls = 0, implausible = 0;
        foreach (var c in text)
        {
            var weight = Weight(c);
            score += weight;
            if (c == JapaneseEncodings.Replacement)
            {
                replacements++;
            }
            else if (IsControl(c))
            {
                controls++;
            }
            else if (weight < 0)
            {
                implausible++;
            }
        }

        return new CharacterScore(score, text.Length, replacements, controls, implausible);
    }

    /// <summary>A control character that does not occur in ordinary text (tabs, line breaks, form feeds and ESC do).</summary>
    public static bool IsControl(char c) =>
        char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f' or '\v' or '\u001B' or '\u0085');

    private static int Weight(char c) => c switch
    {
        JapaneseEncodings.Replacement => -10,
        < '\u0080' => IsControl(c) ? -5 : 0,
        >= '\u3041' and <= '\u309F' => 3, // hiragana
        >= '\u30A0' and <= '\u30FF' => 2, // katakana
        >= '\u3000' and <= '\u303F' => 2, // Japanese punctuation: 、。「」
        >= '\u4E00' and <= '\u9FFF' => 1, // kanji
        >= '\uFF01' and <= '\uFF5E' => 1, // full-width ASCII
        >= '\uFF61' and <= '\uFF9F' => -1, // half-width katakana: rare in documents, typical of EUC-JP read as Shift_JIS
        >= '\u00A0' and <= '\u024F' => 0, // Latin
        >= '\u0370' and <= '\u04FF' => 0, // Greek, Cyrillic (both in JIS X 0208)
        >= '\u2000' and <= '\u27BF' => 0, // punctuation, symbols, arrows, box drawing, circled numbers
        >= '\u3400' and <= '\u4DBF' => 0, // rare kanji
        >= '\uF900' and <= '\uFAFF' => 0, // compatibility kanji
        >= '\uFFE0' and <= '\uFFEE' => 0, // full-width signs
        _ => IsControl(c) ? -5 : -2, // private use (unmapped Shift_JIS user area), other scripts
    };
}
