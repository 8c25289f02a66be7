using FileSearch.Core.Domain;
using NetVips;

namespace FileSearch.Ocr.Tesseract.Tests;

/// <summary>
/// Grey scans without text (the blank back of a duplex scan, with the scanner's noise): not read, recorded as a page
/// without text. Tesseract took 40-115 s of its two-minute page deadline on such a page and found nothing.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BlankScanTests(TesseractFixture fixture) : IClassFixture<TesseractFixture>
{
    [Fact]
    public async Task RecognizeFileAsync_NoisyBlankGreyScan_NotReadAndRecordedAsWithoutText()
    {
        var path = fixture.Temp.Combine("blank-scan.jpg");
        using (var page = NoisyPage())
        {
            page.Jpegsave(path, q: 85);
        }

        var result = Assert.Single(await fixture.CreateEngine().RecognizeFileAsync(path, CancellationToken.None));

        Assert.Equal(string.Empty, result.Text);
        Assert.True(OcrPageSummary.IsNoText(result.Operations), result.Operations);
    }

    /// <summary>An A4 page at 300 dpi: light grey paper with the Gaussian noise of a scanner, one grey band.</summary>
    private static Image NoisyPage()
    {
        using var noise = Image.Gaussnoise(2480, 3508, mean: 236, sigma: 14);
        using var cast = noise.Cast(Enums.BandFormat.Uchar);
        return cast.Copy(interpretation: Enums.Interpretation.Bw, xres: 300 / 25.4, yres: 300 / 25.4);
    }
}
