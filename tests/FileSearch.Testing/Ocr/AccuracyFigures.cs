using System.Globalization;

namespace FileSearch.Testing.Ocr;

/// <summary>
/// The accuracy figures of one OCR setting over pages with ground truth: the aggregate CER of all pages and of the
/// vertical ones (<c>vertical</c> in the page name), the Latin-word recall and the kanji-word recall (<see cref="WordRecall"/>).
/// </summary>
public sealed record AccuracyFigures(double Cer, double VerticalCer, (int Found, int Total) Latin, (int Found, int Total) Kanji)
{
    public double LatinRecall => WordRecall.Rate(Latin);

    public double KanjiRecall => WordRecall.Rate(Kanji);

    /// <summary>The figures of readings of pages named <c>NN-kind</c>, with their ground truth.</summary>
    public static AccuracyFigures Of(IReadOnlyList<(string Name, string Truth, string Reading)> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var all = pages.Select(p => (p.Truth, p.Reading)).ToList();
        var vertical = pages.Where(p => p.Name.Contains("vertical", StringComparison.Ordinal)).Select(p => (p.Truth, p.Reading));
        return new AccuracyFigures(CharacterErrorRate.Of(all), CharacterErrorRate.Of(vertical), WordRecall.LatinRecall(all), WordRecall.KanjiRecall(all));
    }

    /// <summary>For RESULT lines: <c>{prefix}cer=0.0085 {prefix}latin_recall=0.9907 ...</c> (fractions).</summary>
    public string ResultFields(string prefix) => string.Create(CultureInfo.InvariantCulture,
        $"{prefix}cer={Cer:F4} {prefix}latin_recall={LatinRecall:F4} {prefix}kanji_recall={KanjiRecall:F4} {prefix}vertical_cer={VerticalCer:F4}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"CER {Cer:P2}, Latin-word recall {LatinRecall:P1} ({Latin.Found}/{Latin.Total}), kanji-word recall {KanjiRecall:P1} ({Kanji.Found}/{Kanji.Total}), vertical CER {VerticalCer:P2}");
}
