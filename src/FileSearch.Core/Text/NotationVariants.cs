using System.Collections.Frozen;
using System.Text;

namespace FileSearch.Core.Text;

/// <summary>
/// The folding of Japanese notation variants (表記ゆれ) that both index backends apply to their
/// normalised text field, and to queries of it, before tokenizing: variant kanji to a standard form (髙→高, 﨑→崎,
/// from the generated table <c>kanji-variants.tsv</c>, see <c>scripts/generate-kanji-variants.py</c>), katakana
/// spellings of loanwords (ヴァ→バ, ウィ→ウイ, see <see cref="KatakanaRules"/>) and ideographic variation selectors
/// removed; then okurigana variants of one word folded to its shortest spelling (申し込み→申込, 見積もり→見積, from the
/// generated table <c>okurigana-variants.tsv</c>, see <c>scripts/generate-okurigana-variants.py</c>).
/// </summary>
public static class NotationVariants
{
    private const string TableResource = "FileSearch.Core.Text.kanji-variants.tsv";
    private const string OkuriganaResource = "FileSearch.Core.Text.okurigana-variants.tsv";

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
    public static FrozenDictionary<string, string> KanjiVariants { get; } = LoadTable(TableResource);

    /// <summary>
    /// Okurigana spellings of one word (UniDic lemma) and the shortest spelling they fold to (申し込み→申込), from the
    /// generated table. Its spellings are already in the standard kanji of <see cref="KanjiVariants"/>, so it applies
    /// after <see cref="Mappings"/>; as a character mapping it also folds the same letters inside compounds and verb forms.
    /// </summary>
    public static FrozenDictionary<string, string> OkuriganaVariants { get; } = LoadTable(OkuriganaResource);

    /// <summary><see cref="OkuriganaVariants"/> in ordinal order of the spelling, as a second char filter takes them.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> OkuriganaMappings { get; } =
        [.. OkuriganaVariants.OrderBy(p => p.Key, StringComparer.Ordinal)];

    private static readonly int LongestOkurigana = OkuriganaVariants.Keys.Max(k => k.Length);

    /// <summary>Every replacement (variant kanji, katakana rules, variation selectors to nothing), as a char filter takes them.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Mappings { get; } =
    [
        .. KanjiVariants.OrderBy(p => p.Key, StringComparer.Ordinal),
        .. KatakanaRules,
        .. VariationSelectors().Select(s => new KeyValuePair<string, string>(s, string.Empty)),
    ];

    /// <summary>
    /// Applies <see cref="Mappings"/> and then <see cref="OkuriganaMappings"/> to <paramref name="text"/>, each longest
    /// match first, left to right, as the two char filters of the normalised field do.
    /// </summary>
    public static string Fold(string text) => FoldOkurigana(FoldCharacters(text));

    /// <summary>Applies <see cref="OkuriganaMappings"/> alone (longest match first, left to right).</summary>
    public static string FoldOkurigana(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lookup = OkuriganaVariants.GetAlternateLookup<ReadOnlySpan<char>>();
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length;)
        {
            var matched = 0;
            for (var length = Math.Min(LongestOkurigana, text.Length - i); length > 1 && matched == 0; length--)
            {
                if (lookup.TryGetValue(text.AsSpan(i, length), out var folded))
                {
                    result.Append(folded);
                    matched = length;
                }
            }

            if (matched == 0)
            {
                result.Append(text[i]);
                matched = 1;
            }

            i += matched;
        }

        return result.ToString();
    }

    private static string FoldCharacters(string text)
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

    private static FrozenDictionary<string, string> LoadTable(string resource)
    {
        using var stream = typeof(NotationVariants).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is not embedded");
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
