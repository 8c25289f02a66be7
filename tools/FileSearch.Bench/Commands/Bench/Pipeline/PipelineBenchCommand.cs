using System.CommandLine;
using FileSearch.Cli.Commands;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace FileSearch.Bench.Commands.Bench.Pipeline;

/// <summary>
/// <c>bench pipeline --corpus DIR [--concurrency N]</c>: the corpus (see <c>bench corpus</c>) through the real embedded
/// pipeline (<see cref="PipelineRun"/>), then through the seed-style baseline (<see cref="SeedBaseline"/>), each with a
/// fresh temporary data directory. Reports files/min, pages/s, time per stage, p50/p95 per-file latency and peak RSS of
/// both; then checks both did the same work, file by file (<see cref="PipelineComparison"/>: type, pages, text), and
/// fails (exit 1) listing the files that differ. Ends with <c>RESULT pipeline files=.. files_per_min=..
/// baseline_files_per_min=.. ratio=.. p95_file_s=.. peak_rss_mb=.. baseline_peak_rss_mb=.. max_ocr_cer=.. mismatches=.. passed=..</c>,
/// with <c>--per-type</c> followed by <c>&lt;type&gt;_ratio=..</c> per type (<see cref="PerTypeRun"/>), <c>min_type_ratio</c>, <c>type_mismatches</c>
/// <c>type_rounds</c> (the fewest rounds a type ran) and <c>max_type_rounds</c>.
/// </summary>
public static class PipelineBenchCommand
{
    public static Command Create(GlobalOptions globals)
    {
        ArgumentNullException.ThrowIfNull(globals);
        var corpusOption = new Option<DirectoryInfo>("--corpus") { Description = "Folder of files (e.g. from 'bench corpus')", Required = true };
        var concurrencyOption = new Option<int?>("--concurrency") { Description = "Files processed at once by the pipeline (default Worker:Concurrency = cores)" };
        var maxCerOption = new Option<double>("--max-cer")
        {
            Description = "Largest character error rate between the two runs' text of an OCR'd file that passes (text layers must be equal)",
            DefaultValueFactory = _ => 0.05,
        };
        var perTypeOption = new Option<bool>("--per-type")
        {
            Description = "After the mixed run (which warms both sides), run each file type's files alone through both sides: files/s ratio per type",
        };
        var typeRoundsOption = new Option<int>("--type-rounds")
        {
            Description = "Rounds of each type alone, order alternating (pipeline first, then baseline first); the median ratio is reported",
            DefaultValueFactory = _ => 3,
        };
        var typeSecondsOption = new Option<double>("--type-seconds")
        {
            Description = $"After --type-rounds, a type whose baseline rounds add up to less than this many seconds runs more rounds (at most {PerTypeRun.MaxRounds}); 0: exactly --type-rounds",
            DefaultValueFactory = _ => 2,
        };
        var command = new Command("pipeline", "End-to-end throughput: the embedded pipeline vs a seed-style baseline on the same corpus, same results checked per file")
        {
            corpusOption,
            concurrencyOption,
            maxCerOption,
            perTypeOption,
            typeRoundsOption,
            typeSecondsOption,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, context, token) =>
        {
            var corpus = parse.GetValue(corpusOption)!;
            var concurrency = parse.GetValue(concurrencyOption);
            var typeRounds = parse.GetValue(typeRoundsOption);
            var typeSeconds = parse.GetValue(typeSecondsOption);
            if (!corpus.Exists || !corpus.EnumerateFiles("*", SearchOption.AllDirectories).Any() || concurrency is < 1 or > 64 || typeRounds is < 1 or > 20
                || typeSeconds is < 0 or > 60 || double.IsNaN(typeSeconds))
            {
                AnsiConsole.MarkupLine("[red]error:[/] --corpus must be a folder with files (make one with 'filesearch-bench bench corpus'); --concurrency 1-64; --type-rounds 1-20; --type-seconds 0-60");
                return ExitCodes.Usage;
            }

            var root = Path.TrimEndingDirectorySeparator(corpus.FullName);
            await WarmPageCacheAsync(root, token).ConfigureAwait(false);
            var maxCer = parse.GetValue(maxCerOption);
            AnsiConsole.MarkupLine("[bold]Pipeline[/] (embedded adapters, temporary data directory)");
            var (pipeline, plan) = await PipelineRun.RunAsync(root, concurrency, context.Verbose, token).ConfigureAwait(false);
            AnsiConsole.MarkupLine("[bold]Seed-style baseline[/] (one file at a time, tesseract and convert per page/thumbnail, fresh extractors)");
            var baseline = await RunBaselineAsync(plan, context.Verbose, token).ConfigureAwait(false);
            // After the mixed run: both sides' code is compiled by then, so a type of one or two files is not timed on a cold start.
            var types = parse.GetValue(perTypeOption)
                ? await PerTypeRun.RunAsync(root, concurrency, maxCer, typeRounds, TimeSpan.FromSeconds(typeSeconds), context.Verbose, (p, t) => RunBaselineAsync(p, context.Verbose, t), token).ConfigureAwait(false)
                : null;
            var comparison = PipelineReport.Write(pipeline, baseline, concurrency ?? services.Get<IOptions<WorkerOptions>>().Value.Concurrency, maxCer,
                types is null ? string.Empty : PerTypeRun.ResultFields(types));
            return comparison.All(c => c.Problem is null) && (types?.All(t => t.Mismatches == 0) ?? true) ? ExitCodes.Success : ExitCodes.Error;
        }, ct));
        return command;
    }

    private static async Task<RunFigures> RunBaselineAsync(PipelineRun.Corpus plan, bool verbose, CancellationToken cancellationToken)
    {
        var host = await BenchHost.StartAsync(verbose, null, null, cancellationToken).ConfigureAwait(false);
        await using (host.ConfigureAwait(false))
        {
            RunFigures? figures = null;
            await AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask($"baseline: {plan.Events.Count} files", maxValue: Math.Max(1, plan.Events.Count));
                    figures = await new SeedBaseline(host, done => task.Value = done).RunAsync(plan, cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
            return figures!;
        }
    }

    /// <summary>Reads every file once so neither run pays for the cold disk cache alone.</summary>
    private static async Task WarmPageCacheAsync(string root, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var stream = File.OpenRead(file);
            await using (stream.ConfigureAwait(false))
            {
                while (await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
                {
                }
            }
        }
    }
}
