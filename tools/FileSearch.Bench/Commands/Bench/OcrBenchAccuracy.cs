using System.Globalization;
using FileSearch.Testing.Ocr;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>The character error rates of both sides of <c>bench ocr</c> over the pages that have ground truth.</summary>
/// <param name="Pages">Pages with ground truth.</param>
/// <param name="Cer">The engine pool's aggregate CER.</param>
/// <param name="CliCer">The tesseract CLI's aggregate CER.</param>
internal sealed record OcrAccuracy(int Pages, double Cer, double CliCer)
{
    /// <summary>What goes on the RESULT line: <c> cer=X cli_cer=Y</c> (fractions).</summary>
    public string ResultFields => string.Create(CultureInfo.InvariantCulture, $" cer={Cer:F4} cli_cer={CliCer:F4}");

    /// <summary>One line per side whose CER is above <paramref name="maxCer"/>: its pages/s would compare a wrong reading.</summary>
    public IReadOnlyList<string> Problems(double maxCer) =>
    [
        .. new[] { ("engine pool", Cer), ("tesseract CLI", CliCer) }
            .Where(side => side.Item2 > maxCer)
            .Select(side => string.Create(CultureInfo.InvariantCulture, $"{side.Item1}: character error rate {side.Item2:P2} over {Pages} page(s), above the bound {maxCer:P2}")),
    ];
}

/// <summary>
/// The character error rate part of <c>bench ocr</c>: for the pages that have ground truth next to them
/// (<c>NN-kind.gt.txt</c> beside <c>NN-kind.png</c>; the generated pages always have it), the CER of the engine pool's
/// and of the tesseract CLI's readings.
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
    /// Prints the CER per page and over all pages with ground truth; returns both sides' aggregate CER, or null when no
    /// page has ground truth.
    /// </summary>
    public static OcrAccuracy? Report(IReadOnlyList<string> pages, IReadOnlyList<string> pool, IReadOnlyList<string> cli)
    {
        var measured = Enumerable.Range(0, pages.Count)
            .Select(i => (Page: pages[i], Truth: GroundTruth(pages[i]), Pool: pool[i], Cli: cli[i]))
            .Where(p => p.Truth is not null)
            .Select(p => (p.Page, Truth: p.Truth!, p.Pool, p.Cli))
            .ToList();
        if (measured.Count == 0)
        {
            return null;
        }

        Console.WriteLine($"Character error rate ({measured.Count} page(s) with ground truth): engine pool vs tesseract CLI");
        foreach (var (page, truth, text, cliText) in measured)
        {
            Console.WriteLine(Invariant($"  {Path.GetFileName(page),-34} {CharacterErrorRate.Of(truth, text),7:P1} {CharacterErrorRate.Of(truth, cliText),7:P1}"));
        }

        var accuracy = Measure(measured.Select(p => (p.Truth, p.Pool, p.Cli)).ToList());
        Console.WriteLine(Invariant($"  {"all",-34} {accuracy.Cer,7:P2} {accuracy.CliCer,7:P2}"));
        return accuracy;
    }

    /// <summary>Both sides' aggregate CER over pages of (ground truth, pool reading, CLI reading).</summary>
    public static OcrAccuracy Measure(IReadOnlyList<(string Truth, string Pool, string Cli)> pages) => new(pages.Count,
        CharacterErrorRate.Of(pages.Select(p => (p.Truth, p.Pool))),
        CharacterErrorRate.Of(pages.Select(p => (p.Truth, p.Cli))));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
