using FileSearch.Core.Ports;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Search.Lucene.Tests.Variants;

/// <summary>
/// The notation-variant test set: real prose (the committed OCR ground truth: literature and business text) with one
/// spelling of a word written into it, one document per spelling; queries use the other spellings.
/// </summary>
internal static class VariantSet
{
    /// <summary>Variant classes and their groups; the first spelling of a compound group is the query, the others contain it.</summary>
    public static readonly IReadOnlyList<(string Class, string[] Spellings)> Groups =
    [
        ("okurigana", ["申し込み", "申込み", "申込"]),
        ("okurigana", ["問い合わせ", "問合せ", "問い合せ"]),
        ("okurigana", ["取り扱い", "取扱い", "取扱"]),
        ("okurigana", ["見積もり", "見積り", "見積"]),
        ("okurigana", ["受け付け", "受付け", "受付"]),
        ("okurigana", ["打ち合わせ", "打合せ", "打ち合せ"]),
        ("okurigana", ["売り上げ", "売上げ", "売上"]),
        ("okurigana", ["振り込み", "振込み", "振込"]),
        ("okurigana", ["引き渡し", "引渡し", "引渡"]),
        ("okurigana", ["繰り越し", "繰越し", "繰越"]),
        ("okurigana", ["払い戻し", "払戻し", "払戻"]),
        ("okurigana", ["割り当て", "割当て", "割当"]),
        ("kanji", ["高橋", "髙橋"]),
        ("kanji", ["山崎", "山﨑"]),
        ("kanji", ["島田", "嶋田"]),
        ("kanji", ["広瀬", "廣瀬"]),
        ("kanji", ["斎藤", "齋藤"]),
        ("kanji", ["渡辺", "渡邊", "渡邉"]),
        ("kanji", ["沢田", "澤田"]),
        ("kanji", ["浜田", "濵田"]),
        ("kanji", ["国立", "國立"]),
        ("kanji", ["芸術", "藝術"]),
        ("katakana", ["ウィンドウ", "ウインドウ", "ウィンドー"]),
        ("katakana", ["ヴァイオリン", "バイオリン"]),
        ("katakana", ["ウェブサイト", "ウエブサイト"]),
        ("katakana", ["ヴィデオ", "ビデオ"]),
        ("katakana", ["ウイルス", "ウィルス", "ヴィールス"]),
        ("katakana", ["ヴェール", "ベール"]),
        ("katakana", ["ウォッチ", "ウオッチ"]),
        ("katakana", ["インターフェース", "インタフェース", "インターフェイス"]),
        ("katakana", ["コンピューター", "コンピュータ"]),
        ("compound", ["納品", "納品書兼受領書"]),
        ("compound", ["契約", "契約更新手続"]),
        ("compound", ["給与", "給与振込口座"]),
        ("compound", ["経費", "経費精算書"]),
        ("compound", ["安全", "安全衛生委員会"]),
        ("compound", ["品質", "品質保証部"]),
        ("compound", ["個人", "個人情報保護方針"]),
        ("compound", ["健康", "健康診断結果"]),
        ("compound", ["防災", "防災訓練計画"]),
        ("compound", ["在庫", "在庫管理表"]),
    ];

    /// <summary>The prose paragraphs (line wraps of the ground truth joined), without the OCR set's held-out pages (added later).</summary>
    public static IReadOnlyList<string> Prose()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "prose");
        return [.. Directory.GetFiles(folder, "*.gt.txt").Order(StringComparer.Ordinal).Where(f => !f.Contains("heldout", StringComparison.Ordinal))
            .Select(f => File.ReadAllText(f).Replace("\n", string.Empty, StringComparison.Ordinal))];
    }

    /// <summary>
    /// One document per spelling of each group (<c>g{group}-{spelling}</c>), the spelling written into a prose paragraph
    /// after its first sentence, plus every paragraph alone as background.
    /// </summary>
    public static IReadOnlyList<IndexDocument> Documents()
    {
        var prose = Prose();
        var documents = new List<IndexDocument>();
        var n = 0;
        for (var g = 0; g < Groups.Count; g++)
        {
            var (kind, spellings) = Groups[g];
            for (var s = kind == "compound" ? 1 : 0; s < spellings.Length; s++)
            {
                var paragraph = prose[n++ % prose.Count];
                var cut = paragraph.IndexOf('。', StringComparison.Ordinal) + 1;
                var text = $"{paragraph[..cut]}{spellings[s]}について確認した。{paragraph[cut..]}";
                documents.Add(Create($"g{g}-{s}.txt", text));
            }
        }

        documents.AddRange(prose.Select((p, i) => Create($"prose-{i}.txt", p)));
        return documents;
    }
}
