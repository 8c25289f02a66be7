using System.Collections.Frozen;
using System.Text;

namespace FileSearch.Core.Text;

/// <summary>
/// The character-level folding of Japanese notation variants (表記ゆれ) that both index backends apply to their
/// normalised text field, and to queries of it, before tokenizing: variant kanji to a standard form (髙→高, 﨑→崎,
/// from the generated table <c>kanji-variants.tsv</c>, see <c>scripts/generate-kanji-variants.py</c>), katakana
/// spellings of loanwords (ヴァ→バ, ウィ→ウイ, see <see cref="KatakanaRules"/>) and ideographic variation selectors
/// removed. Okurigana and other word-level variants are left to the dictionary's lemma.
/// </summary>
public static class NotationVariants
{
    private const string TableResource = "FileSearch.Core.Text.kanji-variants.tsv";

    /// <summary>
    /// Katakana spellings of one sound written two ways, folded to the plainer one: ヴ to the バ row, the small-vowel
    /// forms of ウ to two full letters (ウィンドウ = ウインドウ), and the archaic ヰ/ヱ. Longest first.
    /// </summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> KatakanaRules =
    [
        new("ヴァ", "バ"), new("ヴィ", "ビ"), new("ヴェ", "ベ"), new("ヴォ", "ボ"), new("ヴュ", "ビュ"), new("ヴ", "ブ"),
        new("ウィ", "ウイ"), new("ウェ", "ウエ"), new("ウォ", "ウオ"), new("ヰ", "イ"), new("ヱ", "エ"),
    ];

    /// <summary>Variant kanji and their standard forms, from the generated table.</summary>
    public static FrozenDictionary<string, string> KanjiVariants { get; } = LoadTable();

    /// <summary>Every replacement (variant kanji, katakana rules, variation selectors to nothing), as a char filter takes them.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Mappings { get; } =
    [
        .. KanjiVariants.OrderBy(p => p.Key, StringComparer.Ordinal),
        .. KatakanaRules,
        .. VariationSelectors().Select(s => new KeyValuePair<string, string>(s, string.Empty)),
    ];

    /// <summary>Applies <see cref="Mappings"/> to <paramref name="text"/> (longest match first, left to right).</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length;)
        {
            var replaced = false;
            foreach (var (from, to) in KatakanaRules)
            {
                if (string.CompareOrdinal(text, i, from, 0, from.Length) == 0)
                {
                    result.Append(to);
                    i += from.Length;
                    replaced = true;
                    break;
                }
            }

            if (replaced)
            {
                continue;
            }

            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            var unit = text.Substring(i, width);
            if (KanjiVariants.TryGetValue(unit, out var standard))
            {
                result.Append(standard);
            }
            else if (!IsVariationSelector(unit))
            {
                result.Append(unit);
            }

            i += width;
        }

        return result.ToString();
    }

    private static bool IsVariationSelector(string unit) =>
        char.ConvertToUtf32(unit, 0) is (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF);

    private static IEnumerable<string> VariationSelectors()
    {
        for (var c = 0xFE00; c <= 0xFE0F; c++)
        {
            yield return char.ConvertFromUtf32(c);
        }

        for (var c = 0xE0100; c <= 0xE01EF; c++)
        {
            yield return char.ConvertFromUtf32(c);
        }
    }

    private static FrozenDictionary<string, string> LoadTable()
    {
        using var stream = typeof(NotationVariants).Assembly.GetManifestResourceStream(TableResource)
            ?? throw new InvalidOperationException($"{TableResource} is not embedded");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var columns = line.Split('\t');
            table[columns[0]] = columns[1];
        }

        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
