using System.Diagnostics;
using System.Globalization;
using FileSearch.Core.Ports;
using FileSearch.Testing.Images;
using FileSearch.Testing.Ocr;
using NetVips;
using Xunit.Abstractions;

namespace FileSearch.Ocr.Tesseract.Tests;

/// <summary>
/// A sparse A4 scan on grey paper with a scanner's heavy grain (deviation 14): Tesseract's binarisation turned the grain
/// into specks, and neither this engine (its whole page deadline) nor the <c>tesseract</c> command (4 s) read anything.
/// Such a page is denoised first; a clean scan of the same text is not.
/// </summary>
[Trait("Category", "Integration")]
public sealed class NoisyScanTests(TesseractFixture fixture, ITestOutputHelper output) : IClassFixture<TesseractFixture>
{
    private const string Text = "末日までに乙の指定する銀行口座へ振り込む方法により支払う。\n吾輩は猫である。名前はまだ無い。";

    /// <summary>Two lines of 58 characters: four characters wrong (the clean scan reads two wrong).</summary>
    private const double MaxCer = 0.07;

    /// <summary>
    /// The grainy page may cost this many times the clean one: the 3x3 median of an A4 page takes libvips 2-3 s on the
    /// loaded 2-core machine, where the clean page reads in about 1 s. Read without it, the page took Tesseract's whole
    /// page deadline (120 s) and gave nothing.
    /// </summary>
    private const double MaxTimeRatio = 10;

    [Fact]
    public async Task RecognizePagesAsync_SparseGrainyGreyScan_DenoisedAndReadLikeTheCleanScan()
    {
        var clean = Save("clean-scan.jpg", sigma: 0);
        var grainy = Save("grainy-scan.jpg", sigma: 14);
        using var engine = fixture.CreateEngine();
        await engine.RecognizePagesAsync([new OcrPageSource(clean)], CancellationToken.None); // engines and models warm

        var (cleanReading, cleanTime) = await ReadAsync(engine, clean);
        var (grainyReading, grainyTime) = await ReadAsync(engine, grainy);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"clean {cleanTime.TotalMilliseconds:0} ms [{cleanReading.Operations}] {cleanReading.Text}\ngrainy {grainyTime.TotalMilliseconds:0} ms [{grainyReading.Operations}] {grainyReading.Text}"));

        Assert.DoesNotContain("denoise", cleanReading.Operations, StringComparison.Ordinal);
        Assert.DoesNotContain("grain:", cleanReading.Operations, StringComparison.Ordinal);
        Assert.Contains("denoise", grainyReading.Operations, StringComparison.Ordinal);
        var cer = CharacterErrorRate.Of(Text, grainyReading.Text);
        Assert.True(cer <= MaxCer, string.Create(CultureInfo.InvariantCulture, $"CER {cer:P1}: {grainyReading.Text}"));
        Assert.True(grainyTime <= cleanTime * MaxTimeRatio, $"grainy {grainyTime}, clean {cleanTime}");
    }

    private static async Task<(OcrResult Reading, TimeSpan Time)> ReadAsync(TesseractOcrEngine engine, string path)
    {
        var started = Stopwatch.GetTimestamp();
        var reading = (await engine.RecognizePagesAsync([new OcrPageSource(path)], CancellationToken.None))[0];
        return (reading, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The text at 11 pt on an A4 page at 300 dpi of grey paper (236) with Gaussian noise of <paramref name="sigma"/>, as a JPEG.</summary>
    private string Save(string name, int sigma)
    {
        var path = fixture.Temp.Combine(name);
        using var lines = TextImages.Render(Text, pointSize: 11);
        using var a4 = lines.Embed(240, 300, 2480, 3508, extend: Enums.Extend.White);
        using var grey = a4.Linear([236 / 255.0], [0.0]);
        using var noise = Image.Gaussnoise(2480, 3508, mean: 0, sigma: Math.Max(sigma, 0.001));
        using var sum = (grey + noise).Cast(Enums.BandFormat.Uchar);
        using var tagged = sum.Copy(interpretation: Enums.Interpretation.Bw, xres: 300 / 25.4, yres: 300 / 25.4);
        tagged.Jpegsave(path, q: 85);
        return path;
    }
}
