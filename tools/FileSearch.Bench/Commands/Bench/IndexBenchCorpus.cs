using System.Globalization;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>
/// The documents of <c>bench index</c> and their ground truth: business Japanese from <see cref="JapaneseCorpus"/>, and
/// in up to <c>knownItems</c> documents spread over the corpus one sentence naming a person (surname and given name)
/// that no other document names. Neither part of the names is in the corpus vocabulary, so the document holding a
/// name is the one a query for it must find.
/// </summary>
internal sealed class IndexBenchCorpus
{
    private static readonly string[] Surnames =
        ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "斎藤", "清水", "森田"];

    private static readonly string[] GivenNames =
        ["健太", "翔太", "大輔", "美咲", "陽子", "直樹", "由美", "和也", "真由美", "拓也", "恵子", "裕子", "誠司", "彩香", "隆之", "明美", "達也", "香織", "修平", "智子"];

    private readonly Dictionary<int, string> _markers = [];
    private readonly JapaneseCorpus _text = new(seed: 7);

    /// <param name="count">Documents in the corpus.</param>
    /// <param name="knownItems">Documents to give a unique name (at most <paramref name="count"/> and 400).</param>
    public IndexBenchCorpus(int count, int knownItems)
    {
        var n = Math.Min(Math.Min(count, knownItems), Surnames.Length * GivenNames.Length);
        for (var j = 0; j < n; j++)
        {
            _markers[(int)((long)j * count / n)] = Surnames[j % Surnames.Length] + GivenNames[j / Surnames.Length % GivenNames.Length];
        }

        KnownItems = [.. _markers.OrderBy(m => m.Key).Select(m => (m.Key, m.Value))];
    }

    /// <summary>The documents that carry a name, with the name: the query and the document it must find.</summary>
    public IReadOnlyList<(int Document, string Name)> KnownItems { get; }

    /// <summary>The text of document <paramref name="i"/> (call in order 0, 1, ...: the text is drawn from one generator).</summary>
    public string Text(int i)
    {
        var text = _text.Next(1700);
        if (!_markers.TryGetValue(i, out var name))
        {
            return text;
        }

        // In the middle of the document, after a sentence, as a report would name who is in charge.
        var cut = text.IndexOf('。', text.Length / 2) + 1;
        return string.Create(CultureInfo.InvariantCulture, $"{text[..cut]}担当者は{name}さんです。{text[cut..]}");
    }
}
