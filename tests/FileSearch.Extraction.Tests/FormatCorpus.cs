using FileSearch.Core.Domain;

namespace FileSearch.Extraction.Tests;

/// <summary>The committed format corpus (tests/data/formats, made by its generate.py) and the words each file must yield.</summary>
internal static class FormatCorpus
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Formats");

    public static string File(string name) => Path.Combine(Directory, name);

    /// <summary>(file, word) rows of expected.tsv.</summary>
    public static TheoryData<string, string> ExpectedWords()
    {
        var data = new TheoryData<string, string>();
        foreach (var line in System.IO.File.ReadLines(File("expected.tsv")).Skip(1))
        {
            var parts = line.Split('\t');
            if (parts.Length == 2)
            {
                data.Add(parts[0], parts[1]);
            }
        }

        return data;
    }

    /// <summary>Every corpus file with the kind its content must be detected as.</summary>
    public static TheoryData<string, FileKind> Kinds() => new()
    {
        { "稟議書.doc", FileKind.Doc },
        { "在庫管理表.xls", FileKind.Xls },
        { "事業計画.ppt", FileKind.Ppt },
        { "見積依頼書.rtf", FileKind.Rtf },
        { "請求書送付.rtf", FileKind.Rtf },
        { "就業規則.odt", FileKind.Odt },
        { "勤怠集計.ods", FileKind.Ods },
        { "製品ロードマップ.odp", FileKind.Odp },
        { "社内報.html", FileKind.Html },
        { "健康診断.htm", FileKind.Html },
        { "取引先一覧.csv", FileKind.Text },
        { "備品台帳.tsv", FileKind.Text },
        { "開発手順書.md", FileKind.Text },
        { "部署一覧.json", FileKind.Json },
        { "出張申請.xml", FileKind.Xml },
        { "納品遅延.eml", FileKind.Eml },
        { "書類送付.eml", FileKind.Eml },
    };
}
