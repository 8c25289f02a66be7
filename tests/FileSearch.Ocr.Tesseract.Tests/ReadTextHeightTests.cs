using System.Globalization;
using FileSearch.Core.Ports;
using FileSearch.Imaging;
using FileSearch.Testing.Ocr;
using Xunit.Abstractions;

namespace FileSearch.Ocr.Tesseract.Tests;

/// <summary>
/// Whole pages read reduced to <see cref="OcrOptions.ReadTextHeight"/> against the same pages read at the resolution they
/// come in: the horizontal Japanese pages of the accuracy set (clean and degraded, 300 dpi, 11-12 pt text).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReadTextHeightTests(TesseractFixture fixture, ITestOutputHelper output) : IClassFixture<TesseractFixture>
{
    /// <summary>What the reduced reading may lose against the full one, in CER points over all these pages.</summary>
    private const double MaxCerIncrease = 0.005;

    /// <summary>What the reduced reading of the one dense A4 page may lose against the full one.</summary>
    private const double MaxPageCerIncrease = 0.012;

    [Fact]
    public async Task RecognizePagesAsync_HorizontalAccuracyPagesReducedToTextHeight_CerWithinHalfPointOfFullResolution()
    {
        var pages = AccuracySet.Load().Where(p => !p.HasLatinLetters && !p.Vertical && !p.Rotated).ToList();
        Assert.True(pages.Count >= 15, $"{pages.Count} pages in {AccuracySet.Directory}");

        var full = await ReadAsync(pages, 0);
        var reduced = await ReadAsync(pages, OcrOptions.PlateauReadTextHeight);
        for (var i = 0; i < pages.Count; i++)
        {
            using var page = fixture.Loader.LoadPage(pages[i].ImagePath, 0);
            var heights = string.Join(' ', TextPresenceDetector.Detect(page, 800).LineBoxes.Select(l => l.TextHeight));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{pages[i].Name,-28} CER full {pages[i].Cer(full[i]),6:P1}, reduced {pages[i].Cer(reduced[i]),6:P1}  [{reduced[i].Operations}] text heights {heights}"));
        }

        var fullCer = CharacterErrorRate.Of(pages.Select((p, i) => (p.GroundTruth, full[i].Text)));
        var reducedCer = CharacterErrorRate.Of(pages.Select((p, i) => (p.GroundTruth, reduced[i].Text)));
        var reducedPages = reduced.Count(r => r.Operations.Contains("reduce:", StringComparison.Ordinal));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{pages.Count} pages: CER full {fullCer:P2}, reduced to {OcrOptions.PlateauReadTextHeight} px {reducedCer:P2}; {reducedPages} pages reduced"));

        Assert.All(full, r => Assert.DoesNotContain("reduce:", r.Operations, StringComparison.Ordinal));
        Assert.True(reducedPages >= pages.Count / 2, $"only {reducedPages} of {pages.Count} pages were reduced");
        Assert.True(reducedCer <= fullCer + MaxCerIncrease, string.Create(CultureInfo.InvariantCulture,
            $"reduced CER {reducedCer:P2} > full {fullCer:P2} + {MaxCerIncrease:P1}"));
    }

    [Fact]
    public async Task RecognizePagesAsync_DenseA4Page_ReducedAndReadAsWellAsAtFullResolution()
    {
        // As bench ocr's pages: A4 at 300 dpi, Japanese business prose at 11 pt with one English sentence.
        const string text = "本契約は、甲と乙との間における業務委託の条件を定めるものである。\n乙は、甲の指示に従い、誠実に業務を遂行しなければならない。\n" +
            "委託料は月額五十万円とし、甲は毎月末日までに当月分を支払う。\n第三四半期の売上高は前年同期比で八パーセント増加した。\n" +
            "The quarterly report was approved by the board.\n納品書と請求書は経理部に提出してください。";
        using var temp = new FileSearch.Testing.TempDirectory("fs-ocr-height");
        using (var lines = FileSearch.Testing.Images.TextImages.Render(text, pointSize: 11))
        using (var a4 = lines.Embed(120, 120, 2480, 3508, extend: NetVips.Enums.Extend.White))
        {
            a4.WriteToFile(temp.Combine("a4.png"));
        }

        var page = new AccuracySet.Page("a4", temp.Combine("a4.png"), text);
        var full = (await ReadAsync([page], 0))[0];
        var reduced = (await ReadAsync([page], OcrOptions.PlateauReadTextHeight))[0];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CER full {page.Cer(full):P2} [{full.Operations}], reduced {page.Cer(reduced):P2} [{reduced.Operations}]"));

        Assert.Contains("reduce:", reduced.Operations, StringComparison.Ordinal);
        // One page of 178 characters: one character is 0.56 points, so the reduced reading may differ by at most two.
        Assert.True(page.Cer(reduced) <= page.Cer(full) + MaxPageCerIncrease, string.Create(CultureInfo.InvariantCulture,
            $"reduced CER {page.Cer(reduced):P2} > full {page.Cer(full):P2} + {MaxPageCerIncrease:P1}"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(270)]
    public async Task RecognizePagesAsync_PageOfFewerThanThreeRows_ReadAtItsOwnResolution(int turnedBy)
    {
        // Reduced, the one 12 pt line lost its first three characters; the two lines turned a quarter (measured as
        // columns) were taken for vertical writing and read as garbage with confidence.
        var text = turnedBy == 0 ? "請求書を送付します。" : "請求書の支払期限は月末です。\n振込手数料は貴社負担でお願いします。";
        using var temp = new FileSearch.Testing.TempDirectory("fs-ocr-height");
        using (var page = FileSearch.Testing.Images.TextImages.Render(text))
        // The line with the margin a multi-page TIFF gives its shorter pages.
        using (var wide = page.Embed(0, 0, page.Width + (turnedBy == 0 ? 250 : 0), page.Height, extend: NetVips.Enums.Extend.White))
        using (var turned = wide.Rotate(turnedBy))
        {
            turned.WriteToFile(temp.Combine("short.png"));
        }

        var reading = (await ReadAsync([new AccuracySet.Page("short", temp.Combine("short.png"), text)], OcrOptions.PlateauReadTextHeight))[0];

        Assert.DoesNotContain("reduce:", reading.Operations, StringComparison.Ordinal);
        Assert.Equal(text.Replace("\n", string.Empty, StringComparison.Ordinal), reading.Text.Replace("\n", string.Empty, StringComparison.Ordinal));
    }

    private async Task<IReadOnlyList<OcrResult>> ReadAsync(IReadOnlyList<AccuracySet.Page> pages, int textHeight)
    {
        var options = TesseractFixture.CreateOptions();
        options.ReadTextHeight = textHeight;
        using var engine = fixture.CreateEngine(options: options);
        return await engine.RecognizePagesAsync([.. pages.Select(p => new OcrPageSource(p.ImagePath))], CancellationToken.None);
    }
}
