using System.Diagnostics;
using System.Globalization;
using FileSearch.Core.Ports;
using FileSearch.Testing.Ocr;
using Xunit.Abstractions;

namespace FileSearch.Ocr.Tesseract.Tests;

/// <summary>
/// Character error rate on the committed accuracy set (tests/data/ocr-accuracy, written by <c>bench ocr-set</c>):
/// scanned-style Japanese pages of business prose and public-domain literature, clean and degraded (skew, noise,
/// blur, JPEG artefacts, low contrast, vertical, rotated), read with and without preprocessing.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OcrAccuracyTests(TesseractFixture fixture, ITestOutputHelper output) : IClassFixture<TesseractFixture>
{
    private const double CleanTarget = 0.03;
    private const double DegradedTarget = 0.08;

    /// <summary>
    /// Prints the CER of every page and of clean and degraded pages with and without preprocessing; asserts both
    /// targets and that vertical and rotated pages were recognised as such.
    /// </summary>
    [Fact]
    public async Task RecognizePagesAsync_AccuracySet_CleanAndDegradedWithinTargetsVerticalDetectedTurnedPagesReadWell()
    {
        // The Japanese pages; the pages with Latin words have their own figures (OcrMixedScriptAccuracyTests).
        var pages = AccuracySet.Load().Where(p => !p.HasLatinLetters).ToList();
        Assert.True(pages.Count >= 24, $"{pages.Count} pages in {AccuracySet.Directory}");

        var raw = TesseractFixture.CreateOptions();
        raw.Preprocessing = new OcrPreprocessingOptions { Profile = "none", Orientation = false };
        var started = Stopwatch.GetTimestamp();
        var plain = await ReadAsync(pages, raw);
        var halfway = Stopwatch.GetTimestamp();
        var prepared = await ReadAsync(pages, null);
        output.WriteLine(Invariant($"{pages.Count} pages read in {Stopwatch.GetElapsedTime(started, halfway).TotalSeconds:F1} s without preprocessing, {Stopwatch.GetElapsedTime(halfway).TotalSeconds:F1} s with"));

        for (var i = 0; i < pages.Count; i++)
        {
            output.WriteLine(Invariant($"{pages[i].Name,-28} CER without preprocessing {pages[i].Cer(plain[i]),6:P1}, with {pages[i].Cer(prepared[i]),6:P1}  [{prepared[i].Operations}]"));
        }

        var clean = Aggregate(pages, prepared, p => !p.Degraded);
        var degraded = Aggregate(pages, prepared, p => p.Degraded);
        output.WriteLine(Invariant($"clean pages:    CER {clean:P2} with preprocessing, {Aggregate(pages, plain, p => !p.Degraded):P2} without (target {CleanTarget:P0})"));
        output.WriteLine(Invariant($"degraded pages: CER {degraded:P2} with preprocessing, {Aggregate(pages, plain, p => p.Degraded):P2} without (target {DegradedTarget:P0})"));

        Assert.All(Indexes(pages, p => p.Vertical), i => Assert.Contains("vertical", prepared[i].Operations, StringComparison.Ordinal));

        // A sideways page may be read upright by Tesseract's own layout analysis (it takes the lines for vertical text);
        // upside down it never is. So: every turned page read well, and the upside-down one turned.
        Assert.All(Indexes(pages, p => p.Rotated), i => Assert.True(pages[i].Cer(prepared[i]) <= DegradedTarget,
            Invariant($"{pages[i].Name}: CER {pages[i].Cer(prepared[i]):P1} [{prepared[i].Operations}]")));
        Assert.All(Indexes(pages, p => p.Name.Contains("rot180", StringComparison.Ordinal)),
            i => Assert.Contains("rotate:180", prepared[i].Operations, StringComparison.Ordinal));
        Assert.True(clean <= CleanTarget, Invariant($"clean CER {clean:P2} > {CleanTarget:P0}"));
        Assert.True(degraded <= DegradedTarget, Invariant($"degraded CER {degraded:P2} > {DegradedTarget:P0}"));
    }

    [Fact]
    public void Load_AccuracySet_HasCleanDegradedVerticalAndRotatedPagesWithGroundTruth()
    {
        var pages = AccuracySet.Load();

        Assert.InRange(pages.Count(p => !p.Degraded), 10, pages.Count - 10);
        Assert.True(pages.Count(p => p.Vertical) >= 3);
        Assert.True(pages.Count(p => p.Rotated) >= 3);
        Assert.All(pages, p => Assert.True(CharacterErrorRate.Normalize(p.GroundTruth).Length >= 80, p.Name));
    }

    private async Task<IReadOnlyList<OcrResult>> ReadAsync(IReadOnlyList<AccuracySet.Page> pages, OcrOptions? options)
    {
        using var engine = fixture.CreateEngine(options: options);
        return await engine.RecognizePagesAsync([.. pages.Select(p => new OcrPageSource(p.ImagePath))], CancellationToken.None);
    }

    private static double Aggregate(IReadOnlyList<AccuracySet.Page> pages, IReadOnlyList<OcrResult> results, Func<AccuracySet.Page, bool> which) =>
        CharacterErrorRate.Of(Indexes(pages, which).Select(i => (pages[i].GroundTruth, results[i].Text)));

    private static IEnumerable<int> Indexes(IReadOnlyList<AccuracySet.Page> pages, Func<AccuracySet.Page, bool> which) =>
        Enumerable.Range(0, pages.Count).Where(i => which(pages[i]));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
