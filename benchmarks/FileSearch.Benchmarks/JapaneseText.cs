namespace FileSearch.Benchmarks;

/// <summary>A Japanese business paragraph (about 600 characters) for the analyzer benchmarks.</summary>
internal static class JapaneseText
{
    public const string Paragraph =
        "本契約は、株式会社サンプル商事（以下「甲」という。）と株式会社テストシステムズ（以下「乙」という。）との間で、" +
        "甲が乙に委託するソフトウェア開発業務に関して締結するものである。乙は、甲の指示に従い、善良なる管理者の注意をもって" +
        "本業務を遂行しなければならない。委託料は月額五十万円とし、乙は毎月末日までに当月分の請求書を甲に送付する。" +
        "甲は、請求書を受領した日の翌月末日までに、乙の指定する銀行口座に振り込む方法により支払うものとする。" +
        "なお、振込手数料は甲の負担とする。2025年1月の営業報告では、東京都内の新規顧客が前年同月比で12%増加し、" +
        "大阪支店のサーバー保守契約も順調に更新された。来期はクラウド移行の提案を強化し、データベースの性能改善と" +
        "セキュリティ監査を重点施策とする。会議では、検収の手順、納品書の様式、ならびに請求書の発行時期について確認した。" +
        "次回の打ち合わせは二月十日に京都の本社で行う予定である。Project status: the search index was rebuilt and " +
        "the OCR engine's accuracy improved on scanned invoices.";
}
