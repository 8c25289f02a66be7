using System.CommandLine;
using System.Globalization;
using FileSearch.Bench.Load;
using FileSearch.Cli.Commands;
using FileSearch.Hosting;
using FileSearch.Ocr.Tesseract;
using ScottPlot;
using Spectre.Console;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>
/// <c>bench leak --files N</c>: the seed's memory-leak check on the real embedded pipeline. Prints one row per batch
/// (RSS, managed heap, native counts), writes a PNG of memory over files, fails when RSS grows past the limit after
/// the warm-up or a native count does not return to its pooled baseline, and ends with one <c>RESULT leak ...</c> line.
/// </summary>
public static class LeakBenchCommand
{
    public static Command Create(GlobalOptions globals)
    {
        ArgumentNullException.ThrowIfNull(globals);
        var files = new Option<int>("--files", "-n") { Description = "Files to process", DefaultValueFactory = _ => 1000 };
        var batch = new Option<int>("--batch") { Description = "Files per batch (one sample after each)", DefaultValueFactory = _ => 50 };
        var warmUp = new Option<int?>("--warm-up") { Description = "Files before the baseline (default: a tenth of --files, at least one batch)" };
        var limit = new Option<double>("--max-growth-mb") { Description = "Largest RSS growth after the warm-up that passes", DefaultValueFactory = _ => 50 };
        var samples = new Option<string?>("--samples") { Description = "Folder of files to copy under distinct keys (default: the repository's samples/)" };
        var chart = new Option<string?>("--chart") { Description = "PNG of memory over files (default: {data-dir}/leak-memory.png)" };
        var trim = new Option<bool>("--trim") { Description = "malloc_trim before each sample: shows live native memory without allocator fragmentation" };
        var pageCache = new Option<bool>("--page-cache") { Description = "Keep the OCR page cache on (off by default, so every OCR'd sample is read by Tesseract each time)" };
        var command = new Command("leak", "Memory leak check: N files through the embedded pipeline; RSS, heap and native resource counts") { files, batch, warmUp, limit, samples, chart, trim, pageCache };
        command.SetAction(async (parse, ct) =>
        {
            var context = new CliContext(CliContext.ResolveDataDirectory(parse.GetValue(globals.DataDir)), parse.GetValue(globals.Verbose));
            var n = parse.GetValue(files);
            var size = parse.GetValue(batch);
            if (n is < 1 or > 1_000_000 || size is < 1 or > 1000)
            {
                AnsiConsole.MarkupLine("[red]error:[/] --files must be 1-1000000 and --batch 1-1000");
                return ExitCodes.Usage;
            }

            try
            {
                var settings = new LeakCheckSettings(n, size, parse.GetValue(warmUp) ?? Math.Max(size, n / 10), parse.GetValue(limit),
                    parse.GetValue(samples) ?? Path.Combine(LoadSettings.FindRepositoryRoot(Environment.CurrentDirectory, AppContext.BaseDirectory), "samples"), context.Verbose, parse.GetValue(trim), parse.GetValue(pageCache));
                await Console.Out.WriteLineAsync($"OCR page cache {(settings.PageCache ? "on: repeated pages are answered from it after their first reading" : "off: every OCR'd file is read by Tesseract")}").ConfigureAwait(false);
                var result = await new LeakCheck(settings, TimeProvider.System).RunAsync(s => Console.Out.WriteLine(Row(s)), ct).ConfigureAwait(false);
                var chartPath = Path.GetFullPath(parse.GetValue(chart) ?? Path.Combine(context.DataDirectory, "leak-memory.png"));
                Directory.CreateDirectory(Path.GetDirectoryName(chartPath)!);
                WriteChart(chartPath, result, settings);
                await Console.Out.WriteLineAsync($"Chart: {chartPath}").ConfigureAwait(false);
                foreach (var problem in result.Problems)
                {
                    AnsiConsole.MarkupLine($"[red]LEAK CHECK FAILED:[/] {Markup.Escape(problem)}");
                }

                if (result.Passed)
                {
                    AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                        $"Leak check passed: RSS grew {result.RssGrowthMb:0.0} MB after the warm-up of {settings.WarmUpFiles} files (limit {settings.MaxGrowthMb:0} MB); native counts at their pooled baseline.")));
                }

                await Console.Out.WriteLineAsync(ResultLine(result, settings.PageCache)).ConfigureAwait(false);
                return result.Passed ? ExitCodes.Success : ExitCodes.Error;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return 130;
            }
            catch (Exception ex)
            {
                return CommandRunner.ReportError(ex, context.Verbose);
            }
        });
        return command;
    }

    internal static string Row(ResourceSnapshot s) => string.Create(CultureInfo.InvariantCulture,
        $"files={s.Files,5} rss_mb={s.RssMb,7:0.0} anon_mb={s.RssAnonMb,7:0.0} heap_mb={s.HeapMb,6:0.0} gc_committed_mb={s.GcCommittedMb,6:0.0} tesseract_alive={s.EnginesAlive} rented={s.EnginesRented} vips_allocs={s.VipsAllocs} vips_mb={s.VipsMemMb:0.0} vips_files={s.VipsFiles} mecab_lattices={s.MecabLattices} sqlite_files={s.SqliteFiles} fds={s.OpenFiles} temp={s.TempEntries} threads={s.Threads} ocr_read={s.OcrPagesRead} ocr_reused={s.OcrPagesReused}");

    internal static string ResultLine(LeakCheckResult r, bool pageCache) => string.Create(CultureInfo.InvariantCulture,
        $"RESULT leak files={r.End.Files} rss_start_mb={r.Baseline.RssMb:0.0} rss_end_mb={r.End.RssMb:0.0} rss_growth_mb={r.RssGrowthMb:0.0} heap_growth_mb={r.HeapGrowthMb:0.0} tesseract_engines_alive={r.End.EnginesAlive} vips_allocs={r.End.VipsAllocs} ") +
        string.Create(CultureInfo.InvariantCulture,
        $"anon_growth_mb={r.AnonGrowthMb:0.0} mecab_lattices={r.End.MecabLattices} sqlite_files={r.End.SqliteFiles} temp_entries={r.End.TempEntries} failed_files={r.FailedFiles} baseline_files={r.Baseline.Files} page_cache={(pageCache ? "on" : "off")} ocr_pages_read={r.End.OcrPagesRead} ocr_pages_reused={r.End.OcrPagesReused} passed={(r.Passed ? "true" : "false")} allocator={NativeHeap.Allocator()}");

    private static void WriteChart(string path, LeakCheckResult result, LeakCheckSettings settings)
    {
        var plot = new Plot();
        var xs = result.Snapshots.Select(s => (double)s.Files).ToArray();
        foreach (var (label, value) in new (string, Func<ResourceSnapshot, double>)[] { ("RSS", s => s.RssMb), ("RSS anonymous", s => s.RssAnonMb), ("GC committed", s => s.GcCommittedMb), ("managed heap", s => s.HeapMb) })
        {
            var line = plot.Add.ScatterLine(xs, result.Snapshots.Select(value).ToArray());
            line.LineWidth = 2;
            line.LegendText = label;
        }

        var warm = plot.Add.VerticalLine(result.Baseline.Files);
        warm.LinePattern = LinePattern.Dashed;
        warm.LegendText = "end of warm-up";
        var bound = plot.Add.HorizontalLine(result.Baseline.RssMb + settings.MaxGrowthMb);
        bound.LinePattern = LinePattern.Dotted;
        bound.LegendText = "RSS limit";
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"Leak check: {result.End.Files} files through the embedded pipeline"));
        plot.XLabel("files processed");
        plot.YLabel("MB");
        plot.ShowLegend(Alignment.MiddleRight);
        plot.SavePng(path, 1000, 500);
    }
}
