using System.Text;

namespace FileSearch.Core.Text;

/// <summary>
/// Builds the copy of a text that goes to the index (both backends index this copy): Unicode NFKC (full-width ASCII
/// and half-width katakana folded to their usual forms, compatibility characters decomposed), control characters
/// removed, runs of spaces collapsed. Line breaks are kept so snippets keep their structure, except where Japanese
/// runs on: a single line break between two Japanese characters (a word that a layout wrapped, as PDF text layers and
/// fixed-width text files do) is removed, and so are spaces between two Japanese characters (PDF text extraction puts
/// them between spaced or justified glyphs: <c>とい う</c>). Tabs stay separators (table cells). The original text is
/// stored separately for display.
/// </summary>
public static class TextNormalizer
{
    public static string NormalizeForIndex(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return text;
        }

        var valid = ReplaceLoneSurrogates(text);
        var nfkc = valid.IsNormalized(NormalizationForm.FormKC) ? valid : valid.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(nfkc.Length);
        var pendingBreaks = 0;
        var pendingSpace = Gap.None;
        foreach (var c in nfkc)
        {
            if (c is '\n')
            {
                pendingBreaks++;
                pendingSpace = Gap.None; // trailing spaces of a line are dropped
            }
            else if (char.IsWhiteSpace(c))
            {
                // Leading spaces of a line are dropped; a tab (or form feed) separates even Japanese text.
                if (sb.Length > 0 && pendingBreaks == 0 && sb[^1] != '\n')
                {
                    pendingSpace = c is ' ' or '\r' && pendingSpace != Gap.Separator ? Gap.Space : Gap.Separator;
                }
            }
            else if (char.IsControl(c))
            {
                // dropped: NUL, stray escape characters from binary-ish text
            }
            else
            {
                var joins = sb.Length > 0 && IsJapanese(sb, c);
                if (pendingBreaks > 0)
                {
                    if (!(pendingBreaks == 1 && joins))
                    {
                        sb.Append('\n', pendingBreaks);
                    }
                }
                else if (pendingSpace == Gap.Separator || (pendingSpace == Gap.Space && !joins))
                {
                    sb.Append(' ');
                }

                pendingBreaks = 0;
                pendingSpace = Gap.None;
                sb.Append(c);
            }
        }

        sb.Append('\n', pendingBreaks);
        return sb.ToString();
    }

    /// <summary>True when the last character written and <paramref name="next"/> are both Japanese (kanji, kana, CJK punctuation).</summary>
    private static bool IsJapanese(StringBuilder sb, char next)
    {
        var last = sb[^1];
        var lastIsJapanese = char.IsLowSurrogate(last)
            ? sb.Length > 1 && IsSupplementaryIdeographLead(sb[^2])
            : IsJapanese(last);
        return lastIsJapanese && (IsJapanese(next) || IsSupplementaryIdeographLead(next));
    }

    private static bool IsJapanese(char c) => c switch
    {
        >= '\u3001' and <= '\u303F' => true, // CJK punctuation: 、。「」々〆〇〜
        >= '\u3041' and <= '\u30FF' => true, // hiragana, katakana, ・ and ー
        >= '\u31F0' and <= '\u31FF' => true, // katakana phonetic extensions
        >= '\u3400' and <= '\u4DBF' => true, // CJK extension A
        >= '\u4E00' and <= '\u9FFF' => true, // CJK unified ideographs
        >= '\uF900' and <= '\uFAFF' => true, // CJK compatibility ideographs
        _ => false,
    };

    /// <summary>High surrogates of the planes that hold CJK extensions B to H (U+20000 to U+323AF).</summary>
    private static bool IsSupplementaryIdeographLead(char c) => c is >= '\uD840' and <= '\uD8C8';

    /// <summary>Normalisation rejects ill-formed UTF-16; text decoded from broken files can hold lone surrogates.</summary>
    private static string ReplaceLoneSurrogates(string text)
    {
        char[]? copy = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                copy ??= text.ToCharArray();
                copy[i] = '\uFFFD';
            }
        }

        return copy is null ? text : new string(copy);
    }

    /// <summary>White space seen since the last character written.</summary>
    private enum Gap
    {
        None,

        /// <summary>Spaces: dropped between two Japanese characters, else one space.</summary>
        Space,

        /// <summary>A tab, form feed or other separator: always one space.</summary>
        Separator,
    }
}
