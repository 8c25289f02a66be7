using System.CommandLine;
using System.Globalization;
using FileSearch.Bench.Commands.Bench.Pipeline;
using FileSearch.Cli.Commands;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace FileSearch.Bench.Commands.Profile;

/// <summary>
/// <c>profile pipeline --corpus DIR [--concurrency N] [--out FILE.md] [--trace FILE.nettrace] [--top 20]</c>: runs the
/// corpus through the embedded pipeline (as <c>bench pipeline</c> does, without the baseline) while recording an
/// EventPipe CPU sample trace of this process, then writes the top methods by inclusive time to a Markdown report.
/// Ends with <c>RESULT profile files=.. files_per_min=.. cpu_s=.. samples=.. report=..</c>.
/// </summary>
public static class ProfileCommand
{
    public static Command Create(GlobalOptions globals)
    {
        ArgumentNullException.ThrowIfNull(globals);
        var corpusOption = new Option<DirectoryInfo>("--corpus") { Description = "Folder of files (e.g. from 'bench corpus')", Required = true };
        var concurrencyOption = new Option<int?>("--concurrency") { Description = "Files processed at once (default Worker:Concurrency = cores)" };
        var outOption = new Option<FileInfo>("--out") { Description = "Markdown report", DefaultValueFactory = _ => new FileInfo("profile-pipeline.md") };
        var traceOption = new Option<FileInfo?>("--trace") { Description = "Keep the .nettrace here (PerfView, speedscope via dotnet-trace convert); default: removed" };
        var topOption = new Option<int>("--top") { Description = "Methods per table", DefaultValueFactory = _ => 20 };
        var pipeline = new Command("pipeline", "CPU profile (EventPipe) of the embedded pipeline over a corpus, top methods by inclusive time")
        {
            corpusOption, concurrencyOption, outOption, traceOption, topOption,
        };
        pipeline.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, context, token) =>
        {
            var corpus = parse.GetValue(corpusOption)!;
            var top = parse.GetValue(topOption);
            if (!corpus.Exists || !corpus.EnumerateFiles("*", SearchOption.AllDirectories).Any() || top is < 1 or > 1000)
            {
                AnsiConsole.MarkupLine("[red]error:[/] --corpus must be a folder with files (make one with 'filesearch-bench bench corpus'); --top 1-1000");
                return ExitCodes.Usage;
            }

            var concurrency = parse.GetValue(concurrencyOption);
            var keep = parse.GetValue(traceOption);
            var trace = keep?.FullName ?? Path.Combine(Path.GetTempPath(), $"filesearch-profile-{Guid.NewGuid():N}.nettrace");
            try
            {
                var root = Path.TrimEndingDirectorySeparator(corpus.FullName);
                var (run, _) = await EventPipeRecorder.RecordAsync(trace, t => PipelineRun.RunAsync(root, concurrency, context.Verbose, t), token).ConfigureAwait(false);
                AnsiConsole.MarkupLine("Reading the trace...");
                var profile = CpuProfile.Read(trace);
                var command = $"filesearch-bench profile pipeline --corpus {root}" + (concurrency is { } n ? $" --concurrency {n}" : string.Empty);
                var report = parse.GetValue(outOption)!;
                await File.WriteAllTextAsync(report.FullName, ProfileReport.Markdown(profile, run, command, top, services.Get<TimeProvider>().GetUtcNow()), token).ConfigureAwait(false);
                Show(profile, top);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"RESULT profile files={run.Files.Count} files_per_min={run.FilesPerMinute:F2} cpu_s={run.Cpu.TotalSeconds:F1} samples={profile.Samples} report={report.FullName}"));
                return ExitCodes.Success;
            }
            finally
            {
                if (keep is null)
                {
                    File.Delete(trace);
                }
            }
        }, ct));
        return new Command("profile", "CPU profiles (EventPipe) with a Markdown report") { pipeline };
    }

    private static void Show(CpuProfile profile, int top)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]Top {top} methods by inclusive time ({profile.Samples} running samples)[/]");
        table.AddColumns("method", "inclusive", "exclusive");
        foreach (var m in profile.Top(top, m => !CpuProfile.IsPlumbing(m)))
        {
            table.AddRow(Markup.Escape(m.Method.Length > 110 ? m.Method[..107] + "..." : m.Method),
                P(m.Inclusive, profile.Samples), P(m.Exclusive, profile.Samples));
        }

        AnsiConsole.Write(table);
    }

    private static string P(long part, long total) => total == 0 ? "-" : (100.0 * part / total).ToString("F1", CultureInfo.InvariantCulture) + " %";
}
