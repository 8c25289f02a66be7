using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FileSearch.Core.Similarity;

/// <summary>
/// The name of a file with its version markers taken off, so <c>見積書_v2.xlsx</c>, <c>見積書_v3_最終.xlsx</c>,
/// <c>見積書 - コピー (2).xlsx</c>, <c>Copy of 見積書.xlsx</c> and <c>旧_見積書_20240131.xlsx</c> share the stem
/// <c>見積書</c>. The name is folded first (NFKC, lower case, the extension dropped); then markers are removed where they
/// stand as words of their own (between separators: space, <c>_ - . ( ) [ ] 【 】 「 」 ・ ~ ～ +</c>) and, for the
/// markers that cannot be part of a word, also where they are glued to the name (<c>見積書v2</c>, <c>契約書最終版</c>,
/// <c>旧見積書</c>). What is left, without separators, is the stem. A name that is nothing but markers
/// (<c>v2.docx</c>, <c>01.txt</c>) keeps its folded name as the stem, so it only matches the same name.
/// </summary>
public static partial class VersionName
{
    /// <summary>Markers removed only where they are a word of their own (they occur inside ordinary words too).</summary>
    private static readonly HashSet<string> WordMarkers = new(StringComparer.Ordinal)
    {
        "改", "新", "旧", "元", "控", "案", "済", "写", "複製", "原本", "正本", "副本", "新規", "最新", "修正済", "修正済み", "訂正",
        "差替", "差替え", "差し替え", "再提出", "提出用", "提出版", "送付用", "配布用", "確認用", "社内用", "控え", "下書き", "素案", "原案",
        "たたき台", "叩き台", "清書", "完成", "確定", "決定", "承認済", "承認済み", "校正", "初版", "改版", "改定", "改訂", "更新",
        "new", "old", "copy", "final", "latest", "draft", "fix", "fixed", "rev", "revised", "edited", "updated", "update", "backup",
        "bak", "orig", "original", "tmp", "temp", "wip", "ok", "done", "ver", "version", "v", "r", "of",
    };

    /// <summary>Markers removed wherever they occur, longest first (none of them is an ordinary part of a document name).</summary>
    private static readonly string[] GluedMarkers =
    [
        "のコピー", "のバックアップ", "バックアップ", "コピー", "最終版", "最終稿", "最終案", "最新版", "確定版", "完成版", "決定版", "決定稿",
        "修正版", "修正稿", "修正案", "修正後", "修正前", "改訂版", "改定版", "改正版", "改版", "訂正版", "差替版", "再修正", "最終", "修正",
        "ドラフト", "ファイナル",
    ];

    /// <summary>Markers glued at the start of a name (<c>旧見積書</c>; not 新, which begins 新規, 新聞, 新人...).</summary>
    private static readonly string[] GluedPrefixes = ["旧"];

    /// <summary>
    /// The stem of a file name (a path's last segment is taken). Never empty for a non-empty name.
    /// </summary>
    public static string Stem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var folded = Fold(name);
        var text = CopyOf().Replace(folded, " ").Trim();
        text = Dates().Replace(text, " ");
        text = Numbered().Replace(text, " ");
        foreach (var marker in GluedMarkers)
        {
            text = text.Replace(marker, " ", StringComparison.Ordinal);
        }

        var words = new List<string>();
        foreach (var word in Separators().Split(text))
        {
            var w = word;
            if (w.Length == 0 || WordMarkers.Contains(w))
            {
                continue;
            }

            foreach (var prefix in GluedPrefixes)
            {
                // 旧見積書: only when three characters or more are left (旧姓 stays).
                if (w.Length >= prefix.Length + 3 && w.StartsWith(prefix, StringComparison.Ordinal))
                {
                    w = w[prefix.Length..];
                }
            }

            words.Add(w);
        }

        // Numbers alone are counts ("見積書_2", "(1)"), unless nothing else is left ("01.txt", "01_v2.txt").
        var named = words.Where(w => !IsNumber(w)).ToList();
        var stem = string.Concat(named.Count > 0 ? named : words);
        return stem.Length > 0 ? stem : string.Concat(Separators().Split(folded));
    }

    /// <summary>
    /// How alike two names are once their markers are gone, 0 to 1: 1 for equal stems; 0 when the stems state different
    /// numbers (<c>2023年度報告書</c> and <c>2024年度報告書</c>, <c>第3回議事録</c> and <c>第4回議事録</c> are two documents);
    /// 0.9 when one stem is the other followed or preceded by at most four characters (<c>見積書</c> and <c>見積書田中</c>);
    /// otherwise the Dice coefficient of the stems' character bigrams.
    /// </summary>
    public static double Similarity(string stemA, string stemB)
    {
        ArgumentNullException.ThrowIfNull(stemA);
        ArgumentNullException.ThrowIfNull(stemB);
        if (string.Equals(stemA, stemB, StringComparison.Ordinal))
        {
            return 1.0;
        }

        if (!Digits().Matches(stemA).Select(m => m.Value).SequenceEqual(Digits().Matches(stemB).Select(m => m.Value), StringComparer.Ordinal))
        {
            return 0;
        }

        var (shorter, longer) = stemA.Length <= stemB.Length ? (stemA, stemB) : (stemB, stemA);
        if (shorter.Length >= 3 && longer.Length - shorter.Length <= 4
            && (longer.StartsWith(shorter, StringComparison.Ordinal) || longer.EndsWith(shorter, StringComparison.Ordinal)))
        {
            return 0.9;
        }

        return Dice(stemA, stemB);
    }

    /// <summary>
    /// The version a name states, for ordering versions modified at the same moment: the number of <c>v3</c>, <c>第3版</c>,
    /// <c>rev3</c>, <c>(3)</c>; a final marker (<c>最終</c>, <c>final</c>, <c>確定</c>) ranks above any number; 旧/old below.
    /// </summary>
    public static int Rank(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var folded = Dates().Replace(Fold(name), " ").TrimEnd();
        var rank = 0;
        if (Numbered().Match(folded) is { Success: true } m && ParseNumber(m.Groups["n"].Value) is { } n)
        {
            rank = n;
        }
        else if (TrailingCount().Match(folded) is { Success: true } c && ParseNumber(c.Groups["n"].Value) is { } count)
        {
            rank = count;
        }

        if (folded.Contains("最終", StringComparison.Ordinal) || folded.Contains("final", StringComparison.Ordinal)
            || folded.Contains("確定", StringComparison.Ordinal) || folded.Contains("決定", StringComparison.Ordinal))
        {
            rank += 10_000;
        }

        if (Separators().Split(folded).Any(w => w is "旧" or "old") || folded.StartsWith('旧'))
        {
            rank -= 10_000;
        }

        return rank;
    }

    /// <summary>The last path segment without its extension, NFKC, lower case.</summary>
    private static string Fold(string name)
    {
        var last = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var dot = last.LastIndexOf('.');
        // An extension is a short run of letters and digits after the last dot ("見積書_v2.1" has none).
        if (dot > 0 && last.Length - dot - 1 is >= 1 and <= 5 && last[(dot + 1)..].Any(char.IsLetter) && last[(dot + 1)..].All(char.IsAsciiLetterOrDigit))
        {
            last = last[..dot];
        }

        string nfkc;
        try
        {
            nfkc = last.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            nfkc = last;
        }

        return nfkc.ToLowerInvariant();
    }

    private static bool IsNumber(string word) => word.All(char.IsAsciiDigit) || KanjiNumber().IsMatch(word);

    private static int? ParseNumber(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        const string Kanji = "〇一二三四五六七八九十";
        return text.Length == 1 && Kanji.IndexOf(text[0], StringComparison.Ordinal) is var k and >= 0 ? k : null;
    }

    private static double Dice(string a, string b)
    {
        if (a.Length < 2 || b.Length < 2)
        {
            return 0;
        }

        var bigrams = new Dictionary<(char, char), int>();
        for (var i = 0; i + 1 < a.Length; i++)
        {
            bigrams[(a[i], a[i + 1])] = bigrams.GetValueOrDefault((a[i], a[i + 1])) + 1;
        }

        var common = 0;
        for (var i = 0; i + 1 < b.Length; i++)
        {
            if (bigrams.TryGetValue((b[i], b[i + 1]), out var left) && left > 0)
            {
                bigrams[(b[i], b[i + 1])] = left - 1;
                common++;
            }
        }

        return 2.0 * common / (a.Length - 1 + b.Length - 1);
    }

    [GeneratedRegex(@"[\s_\-.()\[\]【】「」『』（）〔〕・~～+＋,、。★☆#＃@＠!！]+")]
    private static partial Regex Separators();

    /// <summary>
    /// Full dates: 20240131, 2024-01-31, 2024.1.31, 2024_01_31, 2024年1月31日, 令和6年1月31日, R6年1月31日, 240131, 1月31日.
    /// A year or a month alone is not a version marker (2023年度報告書 and 2024年度報告書 are two documents).
    /// </summary>
    [GeneratedRegex(@"(?<!\d)(?:(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])|(?:19|20)\d{2}[-_./](?:0?[1-9]|1[0-2])[-_./](?:0?[1-9]|[12]\d|3[01])|(?:(?:19|20)\d{2}|(?:令和|平成|r|h)(?:\d{1,2}|元))年\d{1,2}月\d{1,2}日|\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])|\d{1,2}月\d{1,2}日)(?!\d)")]
    private static partial Regex Dates();

    /// <summary>v2, v2.1, ver.3, version 3, rev3, r3, 第2版, 第二版, 第2稿, 改2, 修正2, 2版, 版2, final2, #3, no.3.</summary>
    [GeneratedRegex(@"(?:(?:(?<![a-z])(?:ver(?:sion)?|rev(?:ision)?|v|r|no|final)|#|改|版|修正)[\s.]?(?<n>\d+)(?:\.\d+)*(?![\d])|第(?<n>\d+|[一二三四五六七八九十]+)(?:版|稿|次案)|(?<![a-z\d])(?<n>\d+|[一二三四五六七八九十])(?:版|稿|次案))")]
    private static partial Regex Numbered();

    /// <summary>"copy of x", "コピー ～ x" (Windows XP), "x - コピー", "x (2)", "x - copy (3)", "x のコピー 2".</summary>
    [GeneratedRegex(@"(?:^copy\s*(?:\(\d+\)\s*)?of\s+|^コピー\s*[~～〜]\s*|\s*-\s*(?:copy|コピー)(?:\s*\(\d+\))?$|(?<=\S)\s*\(\d+\)$|\s*copy\s*\d*$)")]
    private static partial Regex CopyOf();

    /// <summary>A count at the end: "x (2)" (browsers and file managers), "x_2", "x-02", "x 3".</summary>
    [GeneratedRegex(@"(?<=\S)[\s_\-(（]+(?<n>\d{1,3})[)）]?$")]
    private static partial Regex TrailingCount();

    [GeneratedRegex(@"[0-9]+")]
    private static partial Regex Digits();

    [GeneratedRegex(@"^[〇一二三四五六七八九十]+$")]
    private static partial Regex KanjiNumber();
}
