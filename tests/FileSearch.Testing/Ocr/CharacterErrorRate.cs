using System.Text;

namespace FileSearch.Testing.Ocr;

/// <summary>
/// Character error rate (CER) of OCR text against ground truth: the edit distance (insertions, deletions and
/// substitutions of characters) divided by the length of the ground truth. Both sides are compared in their NFKC
/// form without whitespace: the index stores the NFKC form, and line breaks or the spaces Tesseract puts between
/// Japanese characters are not reading errors.
/// </summary>
public static class CharacterErrorRate
{
    /// <summary>The CER of one page; 0 for an empty reference read as empty, 1 per character otherwise.</summary>
    public static double Of(string reference, string recognized) => Of([(reference, recognized)]);

    /// <summary>
    /// The aggregate CER of several pages: all their errors over all their reference characters, so long pages weigh
    /// more than short ones. 0 when the references hold no characters.
    /// </summary>
    public static double Of(IEnumerable<(string Reference, string Recognized)> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        long errors = 0, length = 0;
        foreach (var (reference, recognized) in pages)
        {
            var expected = Normalize(reference);
            errors += Distance(expected, Normalize(recognized));
            length += expected.Length;
        }

        return length == 0 ? 0 : (double)errors / length;
    }

    /// <summary>The text as compared: NFKC, whitespace removed.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = text.Normalize(NormalizationForm.FormKC);
        var result = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (!char.IsWhiteSpace(c))
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    /// <summary>Levenshtein distance between two strings (UTF-16 code units), two rows of memory.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
