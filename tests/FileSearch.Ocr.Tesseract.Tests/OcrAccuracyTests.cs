using FileSearch.Core.Ports;
using NetVips;
using Xunit.Abstractions;

namespace FileSearch.Ocr.Tesseract.Tests;

/// <summary>
/// Character error rate on scanned-style Japanese pages rendered from business prose, clean and degraded (skew,
/// noise, blur, JPEG artefacts, low contrast). Small on purpose (one short paragraph per page) to keep the run short.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OcrAccuracyTests(TesseractFixture fixture, ITestOutputHelper output) : IClassFixture<TesseractFixture>
{
    internal static readonly string[] Prose =
    [
        "本契約は、甲と乙との間における業務委託の条件を定めるものである。\n乙は、甲の指示に従い、誠実に業務を遂行する。",
        "委託料は月額五十万円とし、甲は毎月末日までに\n当月分を乙の指定する銀行口座に振り込むものとする。",
        "第三四半期の売上高は前年同期比で八パーセント増加した。\n主な要因は新製品の販売が好調であったことである。",
        "会議では来年度の予算案について議論し、\n設備投資の優先順位を見直すことで合意した。",
        "乙は、本業務の遂行にあたり知り得た甲の営業上の秘密を、\n第三者に開示してはならない。",
        "納品書と請求書は、毎月二十日までに経理部へ提出してください。\n領収書の原本は五年間保管します。",
        "新しい就業規則は来月一日から施行される。\n各部署の責任者は内容を従業員に周知すること。\n質問は人事部の担当者までお問い合わせください。",
        "本書は二通作成し、甲乙記名押印のうえ、\n各自その一通を保有する。",
    ];

    private static readonly (string Name, Func<Image, Image> Apply)[] Degradations =
    [
        ("skew 2deg", i => i.Rotate(2.0, background: [255.0])),
        ("noise", i => (i + Image.Gaussnoise(i.Width, i.Height, mean: 0, sigma: 25)).Cast(Enums.BandFormat.Uchar)),
        ("blur", i => i.Gaussblur(1.0)),
        ("jpeg q25", i => Image.NewFromBuffer(i.JpegsaveBuffer(q: 25))),
        ("low contrast", i => ((i * 0.35) + 150).Cast(Enums.BandFormat.Uchar)),
        ("skew -3deg", i => i.Rotate(-3.0, background: [255.0])),
        ("rotated 90", i => i.Rot90()),
        ("skew 3deg + noise", i => (i.Rotate(3.0, background: [255.0]) is var r ? (r + Image.Gaussnoise(r.Width, r.Height, mean: 0, sigma: 20)).Cast(Enums.BandFormat.Uchar) : r)),
    ];

    [Fact]
    public async Task RecognizePagesAsync_CleanAndDegradedPages_CharacterErrorRateWithinTargets()
    {
        var clean = Prose.Select((text, i) => Save($"clean-{i}.png", TextImages.Render(text))).ToList();
        var degraded = Prose.Select((text, i) =>
        {
            using var page = TextImages.Render(text);
            return Save($"degraded-{i}.png", Degradations[i].Apply(page));
        }).ToList();

        var raw = TesseractFixture.CreateOptions();
        raw.Preprocessing = new OcrPreprocessingOptions { Profile = "none", Orientation = false };
        using var without = fixture.CreateEngine(options: raw);
        var rawDegraded = await without.RecognizePagesAsync([.. degraded.Select(p => new OcrPageSource(p))], CancellationToken.None);

        using var engine = fixture.CreateEngine();
        var cleanResults = await engine.RecognizePagesAsync([.. clean.Select(p => new OcrPageSource(p))], CancellationToken.None);
        var degradedResults = await engine.RecognizePagesAsync([.. degraded.Select(p => new OcrPageSource(p))], CancellationToken.None);

        var cleanCer = Cer(Prose, cleanResults);
        var degradedCer = Cer(Prose, degradedResults);
        var rawCer = Cer(Prose, rawDegraded);
        for (var i = 0; i < Prose.Length; i++)
        {
            output.WriteLine($"page {i}: clean CER {Cer([Prose[i]], [cleanResults[i]]):P1}, {Degradations[i].Name} CER without " +
                $"preprocessing {Cer([Prose[i]], [rawDegraded[i]]):P1}, with {Cer([Prose[i]], [degradedResults[i]]):P1} ({degradedResults[i].Operations})");
        }

        output.WriteLine($"CER with preprocessing: clean {cleanCer:P2}, degraded {degradedCer:P2}; degraded without preprocessing {rawCer:P2}");
        Assert.Contains("rotate:", degradedResults[6].Operations, StringComparison.Ordinal);
        Assert.Contains("deskew:", degradedResults[5].Operations, StringComparison.Ordinal);
        Assert.True(cleanCer <= 0.03, $"clean CER {cleanCer:P2}");
        Assert.True(degradedCer <= 0.08, $"degraded CER {degradedCer:P2}");
    }

    private string Save(string name, Image image)
    {
        using (image)
        {
            var path = fixture.Temp.Combine(name);
            image.WriteToFile(path);
            return path;
        }
    }

    /// <summary>Edit distance over all pages divided by the reference length, whitespace ignored on both sides.</summary>
    internal static double Cer(IReadOnlyList<string> expected, IReadOnlyList<OcrResult> actual)
    {
        long errors = 0, length = 0;
        for (var i = 0; i < expected.Count; i++)
        {
            var reference = Strip(expected[i]);
            errors += Levenshtein(reference, Strip(actual[i].Text));
            length += reference.Length;
        }

        return (double)errors / length;
    }

    private static string Strip(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static int Levenshtein(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
