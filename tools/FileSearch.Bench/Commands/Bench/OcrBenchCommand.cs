using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FileSearch.Cli.Commands;
using FileSearch.Core.Ports;
using FileSearch.Imaging;
using FileSearch.Ocr.Tesseract;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>
/// <c>bench ocr [--pages DIR] [--count N] [--rounds R]</c>: pages per second over the same page images for (a) the in-process engine
/// pool (all pages of one document in parallel, engines warm, no checkpoint cache), (b) the <c>tesseract</c> command run
/// once per page with the same languages, one page after another (how pytesseract-based workers do it), and (c) one
/// <c>tesseract</c> process over the whole page list with one thread, times the processor count: the engine's own limit;
/// and (d) one such process per core side by side, each over its share of the list: what the cores really give together.
/// (a), (c) and (d) run <c>--rounds</c> times (default 3), interleaved, and the RESULT line has their medians.
/// The generated pages carry their text as ground truth, and so do pages given with <c>NN-kind.gt.txt</c> next to them (as
/// <c>bench ocr-set</c> writes): the character error rate of (a) and (b) against it goes on the RESULT line as <c>cer</c> and
/// <c>cli_cer</c>, and either above <c>--max-cer</c> fails the run (exit 1): a speed figure of a wrong reading compares
/// nothing. Every <c>tesseract</c> command runs with <c>--oem 1</c> (LSTM only), the engine mode of the pool. Over the
/// pages with ground truth, the configured languages are then compared with <c>jpn</c> alone and <c>jpn+eng</c>
/// (<see cref="OcrBenchSettings"/>: CER, Latin-word and kanji-word recall, vertical CER, pages/s with and without Latin letters).
/// </summary>
public static class OcrBenchCommand
{
    private const string TesseractPackages = "tesseract-ocr tesseract-ocr-jpn";

    public static Command Create(GlobalOptions globals)
    {
        var pagesOption = new Option<string?>("--pages") { Description = "Directory of page images (default: generated A4 300 dpi Japanese pages)" };
        var countOption = new Option<int>("--count") { Description = "Pages to generate when --pages is not given", DefaultValueFactory = _ => 20 };
        var roundsOption = new Option<int>("--rounds")
        {
            Description = "Rounds of (a) pool, (c) one process and (d) processes side by side, interleaved; the RESULT line has the medians",
            DefaultValueFactory = _ => 3,
        };
        roundsOption.Validators.Add(r =>
        {
            if (r.GetValue(roundsOption) is < 1 or > 20)
            {
                r.AddError("--rounds must be between 1 and 20");
            }
        });
        var maxCerOption = new Option<double>("--max-cer")
        {
            Description = "Largest character error rate against the ground truth that passes, for either side",
            DefaultValueFactory = _ => 0.05,
        };
        var command = new Command("ocr", "OCR pages/s and character error rate: engine pool vs tesseract CLI per page vs single-process limit");
        command.Options.Add(maxCerOption);
        command.Options.Add(pagesOption);
        command.Options.Add(countOption);
        command.Options.Add(roundsOption);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, context, token) =>
        {
            var work = Path.Combine(context.DataDirectory, "tmp", $"bench-ocr-{Guid.NewGuid():N}");
            Directory.CreateDirectory(work);
            try
            {
                var pages = parse.GetValue(pagesOption) is { } dir ? OcrBenchPages.FromDirectory(dir) : OcrBenchPages.Generate(work, parse.GetValue(countOption));
                if (pages.Count == 0)
                {
                    AnsiConsole.MarkupLine("[red]error:[/] no page images (png, tif, jpg) found");
                    return ExitCodes.Usage;
                }

                var options = services.Get<IOptions<OcrOptions>>().Value;
                var engine = new TesseractOcrEngine(services.Get<TesseractEnginePool>(), services.Get<PageImageLoader>(),
                    Options.Create(options), TimeProvider.System, NullLogger<TesseractOcrEngine>.Instance, new NullOcrPageCache());
                Console.WriteLine($"{pages.Count} page(s), languages {options.Languages}, psm {options.PageSegMode}, pool {options.PoolSize}, {Environment.ProcessorCount} cores, allocator {NativeHeap.Allocator()}");

                // The tesseract command with the engine's languages and mode, over one image or a list file.
                Task<string> Tesseract(string input, string? ompThreadLimit = null) => Pipeline.ExternalTool.RunAsync("tesseract",
                    [input, "stdout", "-l", options.Languages, "--oem", "1", "--psm", Invariant(options.PageSegMode)], TesseractPackages, token, ompThreadLimit);

                var warmUp = OcrBenchPages.WarmUpPage(work);
                await engine.RecognizePagesAsync([.. Enumerable.Repeat(new OcrPageSource(warmUp), options.PoolSize)], token).ConfigureAwait(false);
                var cliTexts = new List<string>(pages.Count);
                var cli = await TimeAsync(async () =>
                {
                    foreach (var page in pages)
                    {
                        cliTexts.Add(await Tesseract(page).ConfigureAwait(false));
                    }
                }).ConfigureAwait(false);
                Report("(b) tesseract CLI per page", pages.Count, cli);

                var list = Path.Combine(work, "pages.txt");
                await File.WriteAllLinesAsync(list, pages, token).ConfigureAwait(false);
                var shares = await WriteSharesAsync(work, pages, Environment.ProcessorCount, token).ConfigureAwait(false);
                var rounds = parse.GetValue(roundsOption);
                var (pool, single, parallel) = (new List<double>(), new List<double>(), new List<double>());
                IReadOnlyList<OcrResult> poolTexts = [];
                for (var round = 1; round <= rounds; round++)
                {
                    Console.WriteLine(Invariant($"round {round} of {rounds}"));
                    var elapsed = await TimeAsync(async () => poolTexts = await engine.RecognizePagesAsync([.. pages.Select(p => new OcrPageSource(p))], token).ConfigureAwait(false)).ConfigureAwait(false);
                    pool.Add(pages.Count / elapsed.TotalSeconds);
                    Report("(a) engine pool", pages.Count, elapsed);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"    mean confidence {poolTexts.Average(r => (double)r.MeanConfidence):F1}, {poolTexts.Count(r => r.Retried)} weak page(s) read twice, {poolTexts.Count(r => r.Operations.Contains("rotate:", StringComparison.Ordinal))} turned, {poolTexts.Count(r => r.Operations.Contains("vertical", StringComparison.Ordinal))} vertical"));

                    elapsed = await TimeAsync(() => Tesseract(list, ompThreadLimit: "1")).ConfigureAwait(false);
                    single.Add(pages.Count / elapsed.TotalSeconds * Environment.ProcessorCount);
                    Report("(c) tesseract one process, 1 thread", pages.Count, elapsed);

                    // (d) What the cores really give: one single-threaded process per core side by side, each over its share.
                    elapsed = await TimeAsync(() => Task.WhenAll(shares.Select(share => Tesseract(share, ompThreadLimit: "1")))).ConfigureAwait(false);
                    parallel.Add(pages.Count / elapsed.TotalSeconds);
                    Report(Invariant($"(d) {shares.Count} tesseract processes side by side"), pages.Count, elapsed);
                }

                var a = BenchFormat.Median(pool);
                var b = pages.Count / cli.TotalSeconds;
                var c = BenchFormat.Median(single);
                var d = BenchFormat.Median(parallel);
                Console.WriteLine(Invariant($"medians of {rounds} round(s): (a) {a:F3} pages/s, (c) x {Environment.ProcessorCount} cores {c:F3}, (d) {d:F3}; (a) is {a / c:P0} of (c) and {a / d:P0} of (d)"));
                var accuracy = OcrBenchAccuracy.Report(pages, [.. poolTexts.Select(r => r.Text)], cliTexts);
                var languages = await OcrBenchSettings.RunAsync(pages, options, services.Get<PageImageLoader>(), rounds, token).ConfigureAwait(false);
                var problems = accuracy?.Problems(parse.GetValue(maxCerOption)) ?? [];
                foreach (var problem in problems)
                {
                    AnsiConsole.MarkupLine($"[red]OCR CHECK FAILED:[/] {Markup.Escape(problem)}");
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"RESULT ocr pages_per_s={a:F3} cli_pages_per_s={b:F3} ratio={a / b:F2} engine_limit_pages_per_s={c:F3} parallel_cli_pages_per_s={d:F3}{accuracy?.ResultFields}{languages}"));
                return problems.Count == 0 ? ExitCodes.Success : ExitCodes.Error;
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }, ct));
        return command;
    }

    /// <summary>Splits the page list round-robin into up to <paramref name="count"/> list files for side-by-side processes.</summary>
    private static async Task<IReadOnlyList<string>> WriteSharesAsync(string work, IReadOnlyList<string> pages, int count, CancellationToken cancellationToken)
    {
        var shares = new List<string>();
        for (var i = 0; i < Math.Min(count, pages.Count); i++)
        {
            var path = Path.Combine(work, Invariant(i) + "-share.txt");
            await File.WriteAllLinesAsync(path, pages.Where((_, index) => index % count == i), cancellationToken).ConfigureAwait(false);
            shares.Add(path);
        }

        return shares;
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> run)
    {
        var started = Stopwatch.GetTimestamp();
        await run().ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started);
    }

    private static void Report(string what, int pages, TimeSpan elapsed) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what,-40} {elapsed.TotalSeconds,8:F1} s  {pages / elapsed.TotalSeconds,7:F3} pages/s"));

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
