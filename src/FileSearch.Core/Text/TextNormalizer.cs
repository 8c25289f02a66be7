using System.Text;

namespace FileSearch.Core.Text;

/// <summary>
/// Builds the copy of a text that goes to the index: Unicode NFKC (full-width ASCII and half-width
/// katakana folded to their usual forms, compatibility characters decomposed), control characters
/// removed, runs of spaces collapsed. Line breaks are kept so snippets keep their structure.
/// The original text is stored separately for display.
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
        var pendingSpace = false;
        foreach (var c in nfkc)
        {
            if (c is '\n')
            {
                TrimTrailingSpaces(sb);
                sb.Append('\n');
                pendingSpace = false;
            }
            else if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0 && sb[^1] != '\n';
            }
            else if (char.IsControl(c))
            {
                // dropped: NUL, form feeds, stray escape characters from binary-ish text
            }
            else
            {
                if (pendingSpace)
                {
                    sb.Append(' ');
                    pendingSpace = false;
                }

                sb.Append(c);
            }
        }

        TrimTrailingSpaces(sb);
        return sb.ToString();
    }

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

    private static void TrimTrailingSpaces(StringBuilder sb)
    {
        while (sb.Length > 0 && sb[^1] == ' ')
        {
            sb.Length--;
        }
    }
}
