namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>
/// The second pass over Latin words in a Japanese reading. The Japanese model reads most Latin words right but garbles
/// some (<c>sources.lisSt</c>, <c>AllowlInsecureRepositories</c>), and those come with a low word confidence. Such
/// words' Latin runs are read again, each box as one line, with a Latin model; a reading replaces the Japanese model's
/// when it is more confident and has the shape of the run it replaces: printable ASCII without spaces, with a letter,
/// about as long, and not merely a part of it.
/// </summary>
internal static class LatinReread
{
    /// <summary>The words under <paramref name="belowConfidence"/>: the ones read again.</summary>
    public static IReadOnlyList<LatinWord> Candidates(IReadOnlyList<LatinWord> words, int belowConfidence) =>
        [.. words.Where(w => w.Confidence < belowConfidence)];

    /// <summary>
    /// The box read again: the run's box with a margin of a fifth of its height above and below (ascenders and descenders
    /// Tesseract's box may cut) and a quarter at the sides (a first or last letter read into the next word).
    /// </summary>
    public static SymbolBox Padded(SymbolBox box, int pageWidth, int pageHeight)
    {
        var vertical = Math.Max(2, box.Height / 5);
        var horizontal = Math.Max(2, box.Height / 4);
        return new SymbolBox(Math.Max(0, box.Left - horizontal), Math.Max(0, box.Top - vertical),
            Math.Min(pageWidth, box.Right + horizontal), Math.Min(pageHeight, box.Bottom + vertical));
    }

    /// <summary>The Latin model's <paramref name="reading"/> when it should replace the word's Latin run, otherwise null.</summary>
    public static string? Choose(LatinWord word, string reading, int confidence)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(reading);
        var shaped = reading.Length > 0 && reading.All(c => c is > ' ' and <= '~') && reading.Any(char.IsAsciiLetter);
        var close = Math.Abs(reading.Length - word.Latin.Length) <= Math.Max(1, word.Latin.Length / 4);

        // A reading that is part of the run lost letters at the edge of the box, and never finds more.
        var part = reading.Length < word.Latin.Length && word.Latin.Contains(reading, StringComparison.OrdinalIgnoreCase);
        return shaped && close && !part && confidence > word.Confidence && !string.Equals(reading, word.Latin, StringComparison.Ordinal)
            ? reading
            : null;
    }

    /// <summary>
    /// <paramref name="text"/> with each replaced word's Latin run swapped for its new reading; the words are in reading
    /// order, and each is looked for after the previous one.
    /// </summary>
    public static string Apply(string text, IReadOnlyList<(LatinWord Word, string Latin)> replacements)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(replacements);
        var result = new System.Text.StringBuilder(text.Length + 16);
        var cursor = 0;
        foreach (var (word, latin) in replacements)
        {
            var at = text.IndexOf(word.Text, cursor, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var start = at + word.LatinStart;
            result.Append(text, cursor, start - cursor).Append(latin);
            cursor = start + word.Latin.Length;
        }

        return result.Append(text, cursor, text.Length - cursor).ToString();
    }
}
