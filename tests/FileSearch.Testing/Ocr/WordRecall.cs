using System.Text.RegularExpressions;

namespace FileSearch.Testing.Ocr;

/// <summary>
/// How many of the words a user would search for survive OCR: the Latin words of three or more letters (product names,
/// commands, option names; found case-insensitively) and the kanji words (runs of two or more kanji) of the ground
/// truth, each counted as found when the reading holds it (NFKC, whitespace removed, as the index compares; a kanji word
/// broken across lines is one word). A word
/// that occurs twice in the ground truth must occur twice in the reading.
/// </summary>
public static partial class WordRecall
{
    /// <summary>
    /// The Latin words of <paramref name="text"/> (runs of three or more ASCII letters in its NFKC form; spaces and line
    /// breaks end a word), lower case.
    /// </summary>
    public static IReadOnlyList<string> LatinWords(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. LatinRun().Matches(text.Normalize(System.Text.NormalizationForm.FormKC)).Select(m => m.Value.ToLowerInvariant())];
    }

    /// <summary>The kanji words of <paramref name="text"/>: runs of two or more CJK ideographs (々 included).</summary>
    public static IReadOnlyList<string> KanjiWords(string text) =>
        [.. KanjiRun().Matches(CharacterErrorRate.Normalize(text)).Select(m => m.Value)];

    /// <summary>Latin words found over all pages, and how many there are.</summary>
    public static (int Found, int Total) LatinRecall(IEnumerable<(string Reference, string Recognized)> pages) =>
        Count(pages, LatinWords, text => CharacterErrorRate.Normalize(text).ToLowerInvariant());

    /// <summary>Kanji words found over all pages, and how many there are.</summary>
    public static (int Found, int Total) KanjiRecall(IEnumerable<(string Reference, string Recognized)> pages) =>
        Count(pages, KanjiWords, CharacterErrorRate.Normalize);

    /// <summary>The words of <paramref name="reference"/> (from <paramref name="words"/>) that <paramref name="recognized"/> lacks.</summary>
    public static IReadOnlyList<string> Missing(string reference, string recognized, Func<string, IReadOnlyList<string>> words, bool ignoreCase)
    {
        ArgumentNullException.ThrowIfNull(words);
        var reading = CharacterErrorRate.Normalize(recognized);
        reading = ignoreCase ? reading.ToLowerInvariant() : reading;
        return [.. words(reference).Distinct(StringComparer.Ordinal).Where(w => Occurrences(reading, w) < words(reference).Count(x => x == w))];
    }

    /// <summary>Found over total as a fraction; 1 when there is nothing to find.</summary>
    public static double Rate((int Found, int Total) count) => count.Total == 0 ? 1 : (double)count.Found / count.Total;

    private static (int Found, int Total) Count(IEnumerable<(string Reference, string Recognized)> pages,
        Func<string, IReadOnlyList<string>> words, Func<string, string> prepare)
    {
        ArgumentNullException.ThrowIfNull(pages);
        int found = 0, total = 0;
        foreach (var (reference, recognized) in pages)
        {
            var reading = prepare(recognized);
            foreach (var group in words(reference).GroupBy(w => w, StringComparer.Ordinal))
            {
                total += group.Count();
                found += Math.Min(group.Count(), Occurrences(reading, group.Key));
            }
        }

        return (found, total);
    }

    private static int Occurrences(string text, string word)
    {
        var count = 0;
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + word.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [GeneratedRegex("[A-Za-z]{3,}")]
    private static partial Regex LatinRun();

    [GeneratedRegex(@"[\p{IsCJKUnifiedIdeographs}々]{2,}")]
    private static partial Regex KanjiRun();
}
