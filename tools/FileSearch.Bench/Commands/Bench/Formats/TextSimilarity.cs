using System.Text;

namespace FileSearch.Bench.Commands.Bench.Formats;

/// <summary>
/// How alike two extractions of one file are, whatever their layout: the Dice coefficient of the sets of character
/// bigrams of their letters and digits after NFKC (white space, punctuation and line breaks left out, so a table read
/// as cells or as CSV compares by its content). 1 is the same text, 0 nothing in common.
/// </summary>
internal static class TextSimilarity
{
    public static double Dice(string a, string b)
    {
        var x = Bigrams(a);
        var y = Bigrams(b);
        if (x.Count + y.Count == 0)
        {
            return 1;
        }

        var common = x.Count(y.Contains);
        return 2.0 * common / (x.Count + y.Count);
    }

    /// <summary>True when <paramref name="text"/> holds <paramref name="word"/> once both are compared as <see cref="Letters"/>.</summary>
    public static bool ContainsWord(string text, string word) => Letters(text).Contains(Letters(word), StringComparison.Ordinal);

    /// <summary>The letters and digits of a text after NFKC, in order.</summary>
    public static string Letters(string text)
    {
        var normalized = (text ?? string.Empty).Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static HashSet<string> Bigrams(string text)
    {
        var letters = Letters(text);
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < letters.Length; i++)
        {
            set.Add(letters.Substring(i, 2));
        }

        return set;
    }
}
