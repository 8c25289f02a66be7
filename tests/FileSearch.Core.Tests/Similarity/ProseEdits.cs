namespace FileSearch.Core.Tests.Similarity;

/// <summary>The real Japanese prose of tests/data/ocr-accuracy and the edits the truth sets apply to it.</summary>
internal static class ProseEdits
{
    /// <summary>
    /// The 36 passages, in file name order. The OCR set's held-out pages (added later) stay out, so the truth sets are the
    /// ones their floors were set on.
    /// </summary>
    public static List<string> Passages() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "prose"), "*.gt.txt").Order(StringComparer.Ordinal)
            .Where(f => !f.Contains("heldout", StringComparison.Ordinal)).Select(File.ReadAllText)];

    /// <summary>Replaces <paramref name="count"/> characters (not white space) at random positions with other kanji.</summary>
    public static string Substitute(string text, int count, Random random)
    {
        const string Replacements = "山川田林森空海雨雪風花草木石金銀";
        var chars = text.ToCharArray();
        for (var done = 0; done < count;)
        {
            var at = random.Next(chars.Length);
            if (!char.IsWhiteSpace(chars[at]) && !char.IsSurrogate(chars[at]))
            {
                var replacement = Replacements[random.Next(Replacements.Length)];
                if (replacement != chars[at])
                {
                    chars[at] = replacement;
                    done++;
                }
            }
        }

        return new string(chars);
    }

    /// <summary>Removes one sentence (up to and including a '。') chosen at random.</summary>
    public static string RemoveSentence(string text, Random random)
    {
        var ends = Enumerable.Range(0, text.Length).Where(i => text[i] == '。').ToList();
        if (ends.Count < 2)
        {
            return text[..(text.Length * 9 / 10)];
        }

        var k = random.Next(1, ends.Count);
        return text[..(ends[k - 1] + 1)] + text[(ends[k] + 1)..];
    }
}
