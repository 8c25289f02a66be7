using System.Diagnostics;
using System.Globalization;
using FileSearch.Core.Ports;
using FileSearch.Imaging;
using FileSearch.Ocr.Tesseract;
using FileSearch.Testing.Ocr;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>
/// The language part of <c>bench ocr</c>, over the pages with ground truth: the configured setting against <c>jpn</c>
/// alone (no second pass over Latin words) and <c>jpn+eng</c>, each with its own engine pool of the same size, in
/// interleaved rounds. Prints per setting the overall CER, Latin-word and kanji-word recall and vertical CER
/// (<see cref="AccuracyFigures"/>), and pages/s and process CPU seconds per page separately over pages with Latin letters
/// and pages without: what the second pass costs where it runs and where it must not.
/// </summary>
internal static class OcrBenchSettings
{
    /// <summary>Runs the comparison; returns the RESULT fields (empty when no page has ground truth).</summary>
    public static async Task<string> RunAsync(IReadOnlyList<string> pages, OcrOptions configured, PageImageLoader loader, int rounds,
        CancellationToken cancellationToken)
    {
        var measured = pages.Select(p => (Page: p, Truth: OcrBenchAccuracy.GroundTruth(p))).Where(p => p.Truth is not null)
            .Select(p => (p.Page, Truth: p.Truth!)).ToList();
        if (measured.Count == 0)
        {
            return string.Empty;
        }

        var latin = measured.Where(p => p.Truth.Any(char.IsAsciiLetter)).ToList();
        var japanese = measured.Where(p => !p.Truth.Any(char.IsAsciiLetter)).ToList();
        var settings = new[]
        {
            ("jpn", With(configured, "jpn", string.Empty)),
            ("jpn+eng", With(configured, "jpn+eng", string.Empty)),
            ($"{configured.Languages}, Latin pass {(string.IsNullOrEmpty(configured.LatinLanguages) ? "off" : configured.LatinLanguages)}", configured),
        };
        Console.WriteLine($"Languages ({measured.Count} page(s) with ground truth, {latin.Count} with Latin letters, {japanese.Count} without), {rounds} round(s)");
        var speeds = settings.Select(_ => (Latin: new List<double>(), Japanese: new List<double>())).ToArray();
        var cpu = settings.Select(_ => (Latin: new List<double>(), Japanese: new List<double>())).ToArray();
        var readings = new Dictionary<string, string>[settings.Length];
        for (var round = 0; round < rounds; round++)
        {
            for (var s = 0; s < settings.Length; s++)
            {
                using var pool = new TesseractEnginePool(Options.Create(settings[s].Item2), TimeProvider.System, NullLogger<TesseractEnginePool>.Instance);
                using var engine = new TesseractOcrEngine(pool, loader, Options.Create(settings[s].Item2), TimeProvider.System,
                    NullLogger<TesseractOcrEngine>.Instance, new NullOcrPageCache());

                // Warm: every engine of every pool the setting uses, on a page of each kind.
                await engine.RecognizePagesAsync([.. latin.Concat(japanese).Take(2 * pool.PoolSize).Select(p => new OcrPageSource(p.Page))], cancellationToken).ConfigureAwait(false);
                readings[s] = [];
                foreach (var (group, speed, seconds) in new[] { (latin, speeds[s].Latin, cpu[s].Latin), (japanese, speeds[s].Japanese, cpu[s].Japanese) }.Where(g => g.Item1.Count > 0))
                {
                    var started = Stopwatch.GetTimestamp();
                    var processor = Process.GetCurrentProcess().TotalProcessorTime;
                    var results = await engine.RecognizePagesAsync([.. group.Select(p => new OcrPageSource(p.Page))], cancellationToken).ConfigureAwait(false);
                    speed.Add(group.Count / Stopwatch.GetElapsedTime(started).TotalSeconds);
                    seconds.Add((Process.GetCurrentProcess().TotalProcessorTime - processor).TotalSeconds / group.Count);
                    for (var i = 0; i < group.Count; i++)
                    {
                        readings[s][group[i].Page] = results[i].Text;
                    }
                }
            }
        }

        var fields = new List<string>();
        var keys = new[] { "jpn_", "jpn_eng_", "configured_" };
        for (var s = 0; s < settings.Length; s++)
        {
            var figures = AccuracyFigures.Of([.. measured.Select(p => (Path.GetFileNameWithoutExtension(p.Page), p.Truth, readings[s][p.Page]))]);
            var (latinSpeed, japaneseSpeed) = (Median(speeds[s].Latin), Median(speeds[s].Japanese));
            var (latinCpu, japaneseCpu) = (Median(cpu[s].Latin), Median(cpu[s].Japanese));
            Console.WriteLine(Invariant($"  {settings[s].Item1,-22} {figures}"));
            Console.WriteLine(Invariant($"  {string.Empty,-22} with Latin letters {Num(latinSpeed, "F3")} pages/s, {Num(latinCpu, "F2")} CPU s/page; without {Num(japaneseSpeed, "F3")} pages/s, {Num(japaneseCpu, "F2")} CPU s/page"));
            fields.Add(figures.ResultFields(keys[s]));

            // Pages named "heldout" were not looked at while the post-processing rules were chosen: their figures apart.
            var heldOut = measured.Where(p => Path.GetFileName(p.Page).Contains("heldout", StringComparison.Ordinal)).ToList();
            if (heldOut.Count > 0)
            {
                var tuned = AccuracyFigures.Of([.. measured.Except(heldOut).Select(p => (Path.GetFileNameWithoutExtension(p.Page), p.Truth, readings[s][p.Page]))]);
                var held = AccuracyFigures.Of([.. heldOut.Select(p => (Path.GetFileNameWithoutExtension(p.Page), p.Truth, readings[s][p.Page]))]);
                Console.WriteLine(Invariant($"  {string.Empty,-22} {measured.Count - heldOut.Count} pages the rules were made on: {tuned}"));
                Console.WriteLine(Invariant($"  {string.Empty,-22} {heldOut.Count} held-out pages: {held}"));
                fields.Add(held.ResultFields(keys[s] + "heldout_"));
            }

            fields.Add(Invariant($"{keys[s]}latin_pages_per_s={Num(latinSpeed, "F3")} {keys[s]}japanese_pages_per_s={Num(japaneseSpeed, "F3")} {keys[s]}latin_cpu_s_per_page={Num(latinCpu, "F3")} {keys[s]}japanese_cpu_s_per_page={Num(japaneseCpu, "F3")}"));
        }

        // Kanji the jpn model cannot write at all: the words holding one are lost by every setting.
        if (settings[0].Item2.TessdataPath is { } tessdata && File.Exists(Path.Combine(tessdata, "jpn.traineddata")))
        {
            var model = ModelCharacters.Read(Path.Combine(tessdata, "jpn.traineddata"));
            var (reachable, total, absent) = model.KanjiCeiling(measured.Select(p => p.Truth));
            Console.WriteLine(Invariant($"  jpn model: {model.Count} characters; {reachable}/{total} kanji words writable; not in the model: {string.Join(' ', absent)}"));
            fields.Add(Invariant($"jpn_kanji_recall_ceiling={WordRecall.Rate((reachable, total)):F4}"));
        }

        // CPU seconds per page hold on a machine shared with other jobs, where wall-clock pages/s do not.
        var (jpnLatin, jpnJapanese) = (Median(cpu[0].Latin), Median(cpu[0].Japanese));
        var (ownLatin, ownJapanese) = (Median(cpu[^1].Latin), Median(cpu[^1].Japanese));
        Console.WriteLine(Invariant($"  configured against jpn alone, CPU s/page: {Num(ownLatin / jpnLatin, "P0")} with Latin letters, {Num(ownJapanese / jpnJapanese, "P0")} without; pages/s {Num(Median(speeds[^1].Latin) / Median(speeds[0].Latin), "P0")} and {Num(Median(speeds[^1].Japanese) / Median(speeds[0].Japanese), "P0")}"));
        return " " + string.Join(' ', fields);
    }

    private static OcrOptions With(OcrOptions configured, string languages, string latinLanguages) => new()
    {
        Languages = languages,
        LatinLanguages = latinLanguages,
        LatinRereadConfidence = configured.LatinRereadConfidence,
        TessdataPath = configured.TessdataPath,
        PoolSize = configured.PoolSize,
        PageSegMode = configured.PageSegMode,
        DefaultDpi = configured.DefaultDpi,
        WeakConfidenceThreshold = configured.WeakConfidenceThreshold,
        VerticalLanguages = configured.VerticalLanguages,
        ReadTextHeight = configured.ReadTextHeight,
        PageTimeoutSeconds = configured.PageTimeoutSeconds,
        DocumentTimeoutSeconds = configured.DocumentTimeoutSeconds,
        Preprocessing = configured.Preprocessing,
        TrimNativeHeapWhenIdle = configured.TrimNativeHeapWhenIdle,
    };

    private static double Median(List<double> values) => values.Count == 0 ? double.NaN : BenchFormat.Median(values);

    /// <summary>A figure, or <c>n/a</c> when no page of its kind was measured.</summary>
    private static string Num(double value, string format) =>
        double.IsNaN(value) || double.IsInfinity(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
