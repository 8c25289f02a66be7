using FileSearch.Core.Ports;
using FileSearch.Imaging;
using FileSearch.Testing.Images;
using FileSearch.Testing.Ocr;
using NetVips;
using Xunit.Abstractions;

namespace FileSearch.Ocr.Tesseract.Tests;

/// <summary>
/// Profile <c>auto</c> on pages lit unevenly (a lamp from one corner): it must pick <c>photo</c> for them, <c>scan</c> for
/// clean pages, and read the lit pages no worse than a fixed <c>scan</c> profile in the same run.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OcrProfileTests(TesseractFixture fixture, ITestOutputHelper output) : IClassFixture<TesseractFixture>
{
    private static readonly double[] Darkest = [0.3, 0.4, 0.5, 0.35];

    private static readonly string[] Prose =
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

    [Fact]
    public async Task RecognizePagesAsync_UnevenlyLitPages_AutoPicksPhotoAndReadsNoWorseThanScan()
    {
        var prose = Prose.Take(Darkest.Length).ToArray();
        var lit = prose.Select((text, i) => Save($"lit-{i}.png", Lit(text, Darkest[i]))).ToList();
        var clean = Save("clean.png", Lit(prose[0], 1.0));

        var scan = await RunAsync("scan", lit);
        var photo = await RunAsync("photo", lit);
        var auto = await RunAsync("auto", [.. lit, clean]);

        var (scanCer, photoCer, autoCer) = (Cer(prose, scan), Cer(prose, photo), Cer(prose, auto));
        for (var i = 0; i < prose.Length; i++)
        {
            output.WriteLine($"page {i} (light down to {Darkest[i]:P0}): scan CER {Cer([prose[i]], [scan[i]]):P1} conf {scan[i].MeanConfidence:0}, " +
                $"photo CER {Cer([prose[i]], [photo[i]]):P1} conf {photo[i].MeanConfidence:0}, auto: {auto[i].Operations}");
        }

        output.WriteLine($"unevenly lit pages: CER scan {scanCer:P2}, photo {photoCer:P2}, auto {autoCer:P2}; " +
            $"mean confidence scan {scan.Average(r => r.MeanConfidence):0.0}, photo {photo.Average(r => r.MeanConfidence):0.0}");
        Assert.All(auto.Take(prose.Length), r => Assert.StartsWith("profile:photo", r.Operations, StringComparison.Ordinal));
        Assert.StartsWith("profile:scan", auto[^1].Operations, StringComparison.Ordinal);
        Assert.True(autoCer <= scanCer, $"auto CER {autoCer:P2} is worse than scan {scanCer:P2}");
    }

    [Fact]
    public async Task RecognizeFileAsync_SamePixelsWithCameraExif_CheckpointNotReusedUnderOtherProfile()
    {
        var options = TesseractFixture.CreateOptions();
        var cache = new SqliteOcrPageCache(Microsoft.Extensions.Options.Options.Create(new OcrOptions { PageCacheFile = fixture.Temp.Combine("exif", "pages.db") }));
        using var engine = fixture.CreateEngine(options: options, cache: cache);
        var plain = SaveJpeg("plain.jpg", camera: false);
        var phone = SaveJpeg("phone.jpg", camera: true);

        var scanned = Assert.Single(await engine.RecognizeFileAsync(plain, CancellationToken.None));
        var photographed = Assert.Single(await engine.RecognizeFileAsync(phone, CancellationToken.None));
        var again = Assert.Single(await engine.RecognizeFileAsync(phone, CancellationToken.None));

        Assert.StartsWith("profile:scan", scanned.Operations, StringComparison.Ordinal);
        Assert.StartsWith("profile:photo", photographed.Operations, StringComparison.Ordinal);
        Assert.False(photographed.Reused);
        Assert.True(again.Reused);
        Assert.Contains("契約書", photographed.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void SettingsFor_AutoWithOverride_OverrideAppliedToChosenProfile()
    {
        var path = Save("override.png", Lit(Prose[0], 0.4));
        using var page = fixture.Loader.LoadPage(path, 0);

        var (auto, label) = new OcrPreprocessingOptions { Denoise = false }.SettingsFor(page);
        var (fixedScan, none) = new OcrPreprocessingOptions { Profile = "scan" }.SettingsFor(page);

        Assert.Equal((PreprocessingSettings.Photo with { Denoise = false }, "profile:photo"), (auto, label));
        Assert.Equal((PreprocessingSettings.Scan, string.Empty), (fixedScan, none));
    }

    private static double Cer(IReadOnlyList<string> expected, IReadOnlyList<OcrResult> actual) =>
        CharacterErrorRate.Of(expected.Select((text, i) => (text, actual[i].Text)));

    private string SaveJpeg(string name, bool camera)
    {
        // Light falling off to 70 %: under the spread that makes any page a photo, over the half a camera needs.
        using var page = Lit("請求書を送付します。本契約書は売上の報告について定める。", 0.7);
        using var tagged = camera ? page.Mutate(m => m.Set(GValue.GStrType, "exif-ifd2-ExposureTime", "1/60")) : page.Copy();
        var path = fixture.Temp.Combine(name);
        tagged.Jpegsave(path, q: 90, keep: camera ? Enums.ForeignKeep.Exif : Enums.ForeignKeep.None);
        return path;
    }

    private async Task<IReadOnlyList<OcrResult>> RunAsync(string profile, IReadOnlyList<string> pages)
    {
        var options = TesseractFixture.CreateOptions();
        options.Preprocessing = new OcrPreprocessingOptions { Profile = profile };
        using var engine = fixture.CreateEngine(options: options);
        return await engine.RecognizePagesAsync([.. pages.Select(p => new OcrPageSource(p))], CancellationToken.None);
    }

    /// <summary>A text page on a wider sheet of paper, lit down to <paramref name="darkest"/> of full brightness in one corner.</summary>
    private static Image Lit(string text, double darkest)
    {
        using var rendered = TextImages.Render(text);
        using var sheet = rendered.Embed(240, 400, rendered.Width + 480, rendered.Height + 800, extend: Enums.Extend.White);
        using var lit = UnevenLighting.Apply(sheet, darkest);
        return lit.Copy(xres: 300 / 25.4, yres: 300 / 25.4);
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
}
