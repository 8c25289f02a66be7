using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FileSearch.Cli.Commands;
using FileSearch.Core.Ports;
using FileSearch.Imaging;
using FileSearch.Ocr.Tesseract;
using FileSearch.Testing.Images;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetVips;
using Spectre.Console;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>
/// <c>bench ocr-photos [--count N] [--megapixels M] [--rounds R]</c>: what a camera photo without text costs the OCR
/// stage. Real photographs (<see cref="WallpaperPhotos"/>) enlarged to about M megapixels (default 12) and saved as
/// JPEG are read one at a time by (a) one <c>tesseract</c> command with the pipeline's languages and mode (what a
/// competent user runs), (b) the engine reading every page (<see cref="OcrOptions.SkipPagesWithoutText"/> off: load,
/// preprocessing, reading and the re-read / orientation cascade) and (c) the engine as configured, which first looks
/// for text. Each side runs R times (default 3), interleaved; the medians per photo are reported, with how many photos
/// (c) skipped and the letters (b) and (c) found on them, so a skip that lost text shows. Ends with
/// <c>RESULT ocr-photos photos=.. megapixels=.. cli_s=.. full_s=.. checked_s=.. checked_vs_cli=.. full_vs_cli=.. skipped=.. full_letters=.. checked_letters=..</c>.
/// </summary>
public static class PhotoOcrBenchCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var countOption = new Option<int>("--count") { Description = "Photographs (of the 24 wallpaper photos)", DefaultValueFactory = _ => 6 };
        var megapixelsOption = new Option<double>("--megapixels") { Description = "Size each photo is enlarged to", DefaultValueFactory = _ => 12 };
        var roundsOption = new Option<int>("--rounds") { Description = "Rounds of the three sides, interleaved", DefaultValueFactory = _ => 3 };
        var command = new Command("ocr-photos", "OCR cost of text-free camera photos: tesseract CLI vs the engine reading everything vs the engine with its text check")
        {
            countOption, megapixelsOption, roundsOption,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, context, token) =>
        {
            var (count, megapixels, rounds) = (parse.GetValue(countOption), parse.GetValue(megapixelsOption), parse.GetValue(roundsOption));
            if (count is < 1 or > 24 || megapixels is < 1 or > 50 || rounds is < 1 or > 10)
            {
                AnsiConsole.MarkupLine("[red]error:[/] --count 1-24, --megapixels 1-50, --rounds 1-10");
                return ExitCodes.Usage;
            }

            var work = Path.Combine(context.DataDirectory, "tmp", $"bench-ocr-photos-{Guid.NewGuid():N}");
            Directory.CreateDirectory(work);
            try
            {
                var photos = Enlarge(WallpaperPhotos.Photographs().Take(count), megapixels, work);
                var options = services.Get<IOptions<OcrOptions>>().Value;
                TesseractOcrEngine Engine(bool check)
                {
                    var settings = services.Get<IOptions<OcrOptions>>().Value;
                    settings = new OcrOptions
                    {
                        Languages = settings.Languages,
                        TessdataPath = settings.TessdataPath,
                        PoolSize = settings.PoolSize,
                        PageSegMode = settings.PageSegMode,
                        DefaultDpi = settings.DefaultDpi,
                        WeakConfidenceThreshold = settings.WeakConfidenceThreshold,
                        VerticalLanguages = settings.VerticalLanguages,
                        Preprocessing = settings.Preprocessing,
                        SkipPagesWithoutText = check,
                    };
                    return new TesseractOcrEngine(services.Get<TesseractEnginePool>(), services.Get<PageImageLoader>(), Options.Create(settings),
                        TimeProvider.System, NullLogger<TesseractOcrEngine>.Instance, new NullOcrPageCache());
                }

                using var full = Engine(check: false);
                using var checkedEngine = Engine(check: true);
                Console.WriteLine(Invariant($"{photos.Count} photo(s) at {megapixels} MP, languages {options.Languages}, psm {options.PageSegMode}, pool {options.PoolSize}, {Environment.ProcessorCount} cores"));
                var (cli, all, check) = (new List<double>(), new List<double>(), new List<double>());
                var (fullLetters, checkedLetters, skipped) = (0, 0, 0);
                for (var round = 1; round <= rounds; round++)
                {
                    foreach (var photo in photos)
                    {
                        cli.Add(await TimeAsync(() => Pipeline.ExternalTool.RunAsync("tesseract",
                            Pipeline.SeedTools.TesseractArguments(photo, options), "tesseract-ocr tesseract-ocr-jpn", token)).ConfigureAwait(false));
                        IReadOnlyList<OcrResult> read = [];
                        all.Add(await TimeAsync(async () => read = await full.RecognizeFileAsync(photo, token).ConfigureAwait(false)).ConfigureAwait(false));
                        var fullText = Letters(read);
                        check.Add(await TimeAsync(async () => read = await checkedEngine.RecognizeFileAsync(photo, token).ConfigureAwait(false)).ConfigureAwait(false));
                        if (round == rounds)
                        {
                            fullLetters += fullText;
                            checkedLetters += Letters(read);
                            skipped += read.Count(r => r.Operations.Contains("no-text", StringComparison.Ordinal));
                            Console.WriteLine(Invariant($"  {Path.GetFileName(photo)}: cli {cli[^1]:F2} s, full {all[^1]:F2} s ({fullText} letters), checked {check[^1]:F2} s ({read[0].Operations})"));
                        }
                    }
                }

                var (c, f, k) = (BenchFormat.Median(cli), BenchFormat.Median(all), BenchFormat.Median(check));
                Console.WriteLine(Invariant($"median per photo: (a) tesseract CLI {c:F2} s, (b) engine reading every page {f:F2} s, (c) engine with the text check {k:F2} s; {skipped} of {photos.Count} skipped"));
                Console.WriteLine(Invariant(
                    $"RESULT ocr-photos photos={photos.Count} megapixels={megapixels:F0} cli_s={c:F2} full_s={f:F2} checked_s={k:F2} checked_vs_cli={k / c:F2} full_vs_cli={f / c:F2} skipped={skipped} full_letters={fullLetters} checked_letters={checkedLetters}"));
                return ExitCodes.Success;
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }, ct));
        return command;
    }

    private static List<string> Enlarge(IEnumerable<string> photos, double megapixels, string work)
    {
        var result = new List<string>();
        foreach (var photo in photos)
        {
            using var image = Image.NewFromFile(photo);
            var scale = Math.Sqrt(megapixels * 1e6 / (image.Width * (double)image.Height));
            using var large = image.Resize(scale, kernel: Enums.Kernel.Lanczos3);
            var path = Path.Combine(work, Path.GetFileNameWithoutExtension(photo) + "-" + result.Count.ToString(CultureInfo.InvariantCulture) + ".jpg");
            large.Jpegsave(path, q: 90);
            result.Add(path);
        }

        return result;
    }

    private static int Letters(IReadOnlyList<OcrResult> read) => read.Sum(r => r.Text.Count(char.IsLetterOrDigit));

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action().ConfigureAwait(false);
        return watch.Elapsed.TotalSeconds;
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
