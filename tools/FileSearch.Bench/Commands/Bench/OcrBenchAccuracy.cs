using System.Globalization;
using FileSearch.Ocr.Tesseract;
using FileSearch.Testing.Ocr;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>
/// The character error rate part of <c>bench ocr</c>: for the pages that have ground truth next to them
/// (<c>NN-kind.gt.txt</c> beside <c>NN-kind.png</c>), the CER of the engine pool's and of the tesseract CLI's readings.
/// </summary>
internal static class OcrBenchAccuracy
{
    /// <summary>The ground-truth text of <paramref name="page"/>, or null when it has none.</summary>
    public static string? GroundTruth(string page)
    {
        var path = Path.Combine(Path.GetDirectoryName(page) ?? ".", Path.GetFileNameWithoutExtension(page) + OcrSet.OcrSetCommand.GroundTruthSuffix);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>
    /// Prints the CER per page and over all pages with ground truth; returns <c> cer=X cli_cer=Y</c> (fractions) for the
    /// RESULT line, or an empty string when no page has ground truth.
    /// </summary>
    public static string Report(IReadOnlyList<string> pages, IReadOnlyList<string> pool, IReadOnlyList<string> cli)
    {
        var measured = Enumerable.Range(0, pages.Count)
            .Select(i => (Page: pages[i], Truth: GroundTruth(pages[i]), Pool: pool[i], Cli: cli[i]))
            .Where(p => p.Truth is not null)
            .Select(p => (p.Page, Truth: p.Truth!, p.Pool, p.Cli))
            .ToList();
        if (measured.Count == 0)
        {
            return string.Empty;
        }

        Console.WriteLine($"Character error rate ({measured.Count} page(s) with ground truth): engine pool vs tesseract CLI");
        foreach (var (page, truth, text, cliText) in measured)
        {
            Console.WriteLine(Invariant($"  {Path.GetFileName(page),-34} {CharacterErrorRate.Of(truth, text),7:P1} {CharacterErrorRate.Of(truth, cliText),7:P1}"));
        }

        var cer = CharacterErrorRate.Of(measured.Select(p => (p.Truth, p.Pool)));
        var cliCer = CharacterErrorRate.Of(measured.Select(p => (p.Truth, p.Cli)));
        Console.WriteLine(Invariant($"  {"all",-34} {cer,7:P2} {cliCer,7:P2}"));
        return Invariant($" cer={cer:F4} cli_cer={cliCer:F4}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
