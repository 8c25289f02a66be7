using System.Globalization;
using NetVips;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>A paper size for generated bench pages, at 300 dpi, and how many paragraphs fill it.</summary>
internal sealed record BenchPaper(string Name, int Width, int Height, int Paragraphs)
{
    public static BenchPaper A4 { get; } = new("A4", Corpus.ScanRenderer.A4Width, Corpus.ScanRenderer.A4Height, 8);

    public static BenchPaper A5 { get; } = new("A5", 1748, 2480, 4);

    public static BenchPaper A6 { get; } = new("A6", 1240, 1748, 2);

    public static IReadOnlyList<BenchPaper> All { get; } = [A4, A5, A6];

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ({Width}x{Height} px at 300 dpi)");
}

/// <summary>Scanned-style pages (A4 2480 x 3508 at 300 dpi by default, 8-bit gray PNG) of Japanese business prose for <c>bench ocr</c> and <c>bench ocr-memory</c>.</summary>
internal static class OcrBenchPages
{

    private static readonly string[] Paragraphs =
    [
        "本契約は、甲と乙との間における業務委託の条件を定めるものである。乙は、甲の指示に従い、誠実に業務を遂行しなければならない。",
        "委託料は月額五十万円とし、甲は毎月末日までに当月分を乙の指定する銀行口座に振り込むものとする。振込手数料は甲の負担とする。",
        "乙は、本業務の遂行にあたり知り得た甲の営業上の秘密を、契約期間中および終了後三年間、第三者に開示してはならない。",
        "第三四半期の売上高は前年同期比で八パーセント増加した。主な要因は、新製品の販売が好調であったことと、海外向けの出荷が回復したことである。",
        "会議では来年度の予算案について議論し、設備投資の優先順位を見直すことで合意した。次回の会議は十月十五日に本社で開催する。",
        "The quarterly report was approved by the board. 納品書と請求書は経理部に提出してください。",
    ];

    /// <summary>Image files (PNG, TIFF, JPEG) in <paramref name="directory"/>, sorted by name.</summary>
    public static IReadOnlyList<string> FromDirectory(string directory) =>
        [.. Directory.EnumerateFiles(directory)
            .Where(f => Path.GetExtension(f).ToUpperInvariant() is ".PNG" or ".TIF" or ".TIFF" or ".JPG" or ".JPEG")
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// Writes <paramref name="count"/> dense pages (A4 unless <paramref name="paper"/> says otherwise: about 20 lines each,
    /// different text per page), each with its text beside it as ground truth (<c>page-NNN.gt.txt</c>).
    /// </summary>
    public static IReadOnlyList<string> Generate(string directory, int count, BenchPaper? paper = null)
    {
        paper ??= BenchPaper.A4;
        Directory.CreateDirectory(directory);
        var paths = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var text = string.Join("\n", Enumerable.Range(0, paper.Paragraphs).Select(j => Paragraphs[(i + j) % Paragraphs.Length]));
            var path = Path.Combine(directory, $"page-{(i + 1).ToString("D3", CultureInfo.InvariantCulture)}.png");
            using var page = Corpus.ScanRenderer.CleanPage(text, width: paper.Width, height: paper.Height);
            using var tagged = page.Copy(xres: 300 / 25.4, yres: 300 / 25.4);
            tagged.WriteToFile(path);
            // The text drawn is the ground truth: bench ocr reports the character error rate of both sides against it.
            File.WriteAllText(Path.ChangeExtension(path, null) + OcrSet.OcrSetCommand.GroundTruthSuffix, text + "\n");
            paths.Add(path);
        }

        return paths;
    }

    /// <summary>A one-line page for warming the engines up (model loading is not what is measured).</summary>
    public static string WarmUpPage(string directory)
    {
        var path = Path.Combine(directory, "warm-up.png");
        using var mask = Image.Text("請求書を送付します。", font: "Noto Sans CJK JP 11", fontfile: Corpus.ScanRenderer.FontFile, dpi: 300);
        using var ink = mask.Invert();
        using var page = ink.Embed(60, 60, mask.Width + 120, mask.Height + 120, extend: Enums.Extend.White);
        page.WriteToFile(path);
        return path;
    }
}
