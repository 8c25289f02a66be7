namespace FileSearch.Extraction.Tests;

/// <summary>Realistic Japanese texts, as found in contracts and reports.</summary>
internal static class JapaneseSamples
{
    public const string Contract =
        "業務委託契約書\n" +
        "株式会社サンプル（以下「甲」という。）と東京データ株式会社（以下「乙」という。）は、次のとおり契約を締結する。\n" +
        "第1条（目的）本契約は、甲が乙に委託する文書検索システムの開発業務に関する基本的な事項を定める。\n" +
        "第2条（契約期間）契約期間は2025年4月1日から2026年3月31日までとする。\n";

    public const string Report =
        "月次報告書　2025年5月\r\n" +
        "営業部の売上は前年同月比で12%増加しました。主な要因は、新製品「クラウド検索」の販売が好調だったことです。\r\n" +
        "一方、物流費の上昇により利益率はわずかに低下しています。来月は価格の見直しを検討します。\r\n";

    public const string Short = "こんにちは、世界。";

    public const string WithHalfWidthKana = "ﾃｽﾄ用のデータです。担当：ﾔﾏﾀﾞ";
}
