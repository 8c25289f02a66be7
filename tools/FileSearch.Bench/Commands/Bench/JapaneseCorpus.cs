using System.Text;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>Deterministic business-Japanese text for the index benchmark: sentences from a fixed vocabulary.</summary>
internal sealed class JapaneseCorpus(int seed)
{
    internal static readonly string[] Nouns =
    [
        "営業", "報告書", "契約", "請求書", "見積", "会議", "議事録", "予算", "売上", "顧客", "製品", "仕様", "サーバー",
        "データベース", "クラウド", "移行", "東京都", "京都", "大阪", "名古屋", "支店", "本社", "人事", "採用", "研修",
        "品質", "保守", "障害", "対応", "計画", "目標", "実績", "前年", "比較", "四半期", "経費", "精算", "承認", "納品",
        "検収", "発注", "在庫", "物流", "セキュリティ", "監査", "リスク", "プロジェクト", "スケジュール", "担当者", "部長",
    ];

    private static readonly string[] Verbs = ["提出しました", "確認します", "検討する", "報告した", "承認されました", "対応中です", "完了しました", "行きました"];
    private static readonly string[] Particles = ["の", "と", "に関する", "について", "における"];

    private readonly Random _random = new(seed);

    public string Next(int chars)
    {
        var text = new StringBuilder(chars + 64);
        while (text.Length < chars)
        {
            text.Append(Pick(Nouns)).Append(Pick(Particles)).Append(Pick(Nouns)).Append('を').Append(Pick(Verbs)).Append('。');
            if (_random.Next(8) == 0)
            {
                text.Append('\n');
            }
        }

        return text.ToString();
    }

    public string Word() => Pick(Nouns);

    private string Pick(string[] words) => words[_random.Next(words.Length)];
}
